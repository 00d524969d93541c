import { Type } from '@nestjs/common';
import { PaymentPort } from './payment.port';
import { PaymentSimulator } from './payment-simulator.adapter';
import { ConfigurationError, ServerConfig } from '@aftersale/server/messaging';

/**
 * The payment adapters this build has, by their PAYMENT_ADAPTER name. The marketplace's own adapter (on Ozon
 * the marketplace pays the buyer when the seller approves) is not chosen here: the payment router takes it for
 * every order imported from Ozon (docs/ozon.md#refunds-of-ozon-orders).
 */
export const PAYMENT_ADAPTERS: Record<string, Type<PaymentPort>> = { simulator: PaymentSimulator };

/**
 * PAYMENT_ADAPTER, checked before the worker starts (README "Configuration"): unset means the simulator,
 * except with NODE_ENV=production, where a worker that would pretend to pay refuses to start unless the
 * simulator is asked for by name.
 */
export function paymentAdapterName(config: Pick<ServerConfig, 'paymentAdapter' | 'production'>): string {
  const chosen = config.paymentAdapter.trim();
  const known = Object.keys(PAYMENT_ADAPTERS).join(', ');
  if (!chosen) {
    if (config.production)
      throw new ConfigurationError(
        `PAYMENT_ADAPTER is not set: with NODE_ENV=production the worker will not pay refunds through the simulator; set PAYMENT_ADAPTER=simulator to run it on purpose (adapters: ${known})`,
      );
    return 'simulator';
  }
  if (!PAYMENT_ADAPTERS[chosen])
    throw new ConfigurationError(`PAYMENT_ADAPTER=${chosen} is not an adapter of this build (adapters: ${known})`);
  return chosen;
}
