import { MarketplaceRefundRows } from '@aftersale/server/persistence';
import { PaymentOutcome, PaymentPort, PaymentRequest } from './payment.port';

/** Finds whether an order, or the order of a refund's key, came from a marketplace (null: the generic channel). */
export interface OrderSources {
  ofOrder(orderId: string): Promise<string | null>;
  ofRefund(idempotencyKey: string): Promise<string | null>;
}

export function orderSourcesOf(rows: MarketplaceRefundRows): OrderSources {
  return {
    ofOrder: (orderId) => rows.marketplaceOfOrder(orderId),
    ofRefund: async (key) => (await rows.refundStanding(key))?.marketplace ?? null,
  };
}

/**
 * The payment port the refunds use (docs/ozon.md#refunds-of-ozon-orders): a refund of an order imported from Ozon
 * (its posting linked in marketplace_links) is paid by Ozon, through the marketplace's adapter; every other
 * order's refund through the configured adapter (the simulator in the demo and tests).
 */
export class PaymentRouter extends PaymentPort {
  constructor(
    private readonly sources: OrderSources,
    private readonly configured: PaymentPort,
    private readonly marketplaces: Record<string, PaymentPort>,
  ) {
    super();
  }

  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    return (await this.route(await this.sources.ofOrder(request.orderId))).pay(request);
  }

  async status(idempotencyKey: string): Promise<PaymentOutcome | { status: 'unknown' }> {
    return (await this.route(await this.sources.ofRefund(idempotencyKey))).status(idempotencyKey);
  }

  private async route(marketplace: string | null): Promise<PaymentPort> {
    if (!marketplace) return this.configured;
    const adapter = this.marketplaces[marketplace];
    if (!adapter) throw new Error(`no payment adapter for orders from ${marketplace}`);
    return adapter;
  }
}
