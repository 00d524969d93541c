import { DynamicModule, Module } from '@nestjs/common';
import { ServerConfig } from '@aftersale/server/messaging';
import { PaymentPort } from './payment.port';
import { PAYMENT_ADAPTERS, paymentAdapterName } from './payment-adapters';

export interface PaymentsOptions {
  /** wraps the configured payment adapter (the tests count the port's calls through it) */
  decoratePayments?: (adapter: PaymentPort) => PaymentPort;
}

/** The payment port, with the adapter PAYMENT_ADAPTER names (docs/architecture.md#payment-exactly-once). */
@Module({})
export class PaymentsModule {
  static forRoot(config: ServerConfig, options: PaymentsOptions = {}): DynamicModule {
    const adapter = PAYMENT_ADAPTERS[paymentAdapterName(config)];
    return {
      module: PaymentsModule,
      global: true,
      providers: [
        adapter,
        {
          provide: PaymentPort,
          useFactory: (configured: PaymentPort) => options.decoratePayments?.(configured) ?? configured,
          inject: [adapter],
        },
      ],
      exports: [PaymentPort],
    };
  }
}
