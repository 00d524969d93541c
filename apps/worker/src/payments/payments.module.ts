import { DynamicModule, Module } from '@nestjs/common';
import { ServerConfig } from '@aftersale/server/messaging';
import { MarketplaceRefundRows, onDataSource, SimulatedPaymentRows } from '@aftersale/server/persistence';
import { PaymentPort } from './payment.port';
import { PAYMENT_ADAPTERS, paymentAdapterName } from './payment-adapters';
import { OzonPayments } from './ozon-payments.adapter';
import { orderSourcesOf, PaymentRouter } from './payment-router';

export interface PaymentsOptions {
  /** wraps the payment port (the tests count the port's calls through it) */
  decoratePayments?: (adapter: PaymentPort) => PaymentPort;
}

/**
 * The payment port (docs/architecture.md#payment-exactly-once): refunds of Ozon orders through Ozon's adapter
 * (docs/ozon.md#refunds-of-ozon-orders), every other refund through the adapter PAYMENT_ADAPTER names.
 */
@Module({})
export class PaymentsModule {
  static forRoot(config: ServerConfig, options: PaymentsOptions = {}): DynamicModule {
    const adapter = PAYMENT_ADAPTERS[paymentAdapterName(config)];
    return {
      module: PaymentsModule,
      global: true,
      providers: [
        adapter,
        OzonPayments,
        onDataSource(MarketplaceRefundRows),
        onDataSource(SimulatedPaymentRows),
        {
          provide: PaymentPort,
          useFactory: (rows: MarketplaceRefundRows, configured: PaymentPort, ozon: OzonPayments) => {
            const router = new PaymentRouter(orderSourcesOf(rows), configured, { ozon });
            return options.decoratePayments?.(router) ?? router;
          },
          inject: [MarketplaceRefundRows, adapter, OzonPayments],
        },
      ],
      exports: [PaymentPort],
    };
  }
}
