import { MarketplaceRefundRows } from '@aftersale/server/persistence';
import { PaymentOutcome, PaymentPort, PaymentRequest } from './payment.port';

/** Finds whether an order, or the order of a refund's key, came from a marketplace (null: the generic channel). */
export interface OrderSources {
  ofOrder(orderId: string): Promise<string | null>;
  /** the order the key's refund pays and its marketplace; null when no refund has the key */
  ofRefund(idempotencyKey: string): Promise<{ orderId: string; marketplace: string | null } | null>;
}

export function orderSourcesOf(rows: MarketplaceRefundRows): OrderSources {
  return {
    ofOrder: (orderId) => rows.marketplaceOfOrder(orderId),
    ofRefund: (key) => rows.marketplaceOfRefund(key),
  };
}

/** How many routes `status` keeps for the `pay` that follows it (a void asks the status and never pays). */
const ROUTES_KEPT = 1000;

/**
 * The payment port the refunds use (docs/ozon.md#refunds-of-ozon-orders): a refund of an order imported from Ozon
 * (its posting linked in marketplace_links) is paid by Ozon, through the marketplace's adapter; every other
 * order's refund through the configured adapter (the simulator in the demo and tests). A payment asks the status
 * first, then pays: the route the status read is kept for the pay, one routing read per payment
 * (docs/benchmarks.md, 14) — an order's source never changes, so neither does a key's route. A request that names
 * its order's marketplace (a refund's attempt read it with the refund) is routed without a read (28).
 */
export class PaymentRouter extends PaymentPort {
  constructor(
    private readonly sources: OrderSources,
    private readonly configured: PaymentPort,
    private readonly marketplaces: Record<string, PaymentPort>,
  ) {
    super();
  }

  /** the order and marketplace `status` found for a key it answered `unknown` for, until that key's `pay` */
  private readonly routes = new Map<string, { orderId: string; marketplace: string | null }>();

  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    const routed = this.routes.get(request.idempotencyKey);
    this.routes.delete(request.idempotencyKey);
    const marketplace =
      request.marketplace !== undefined
        ? request.marketplace
        : routed?.orderId === request.orderId
          ? routed.marketplace
          : await this.sources.ofOrder(request.orderId);
    return (await this.route(marketplace)).pay(request);
  }

  async status(idempotencyKey: string): Promise<PaymentOutcome | { status: 'unknown' }> {
    const refund = await this.sources.ofRefund(idempotencyKey);
    const known = await (await this.route(refund?.marketplace ?? null)).status(idempotencyKey);
    this.routes.delete(idempotencyKey);
    if (refund && known.status === 'unknown') {
      if (this.routes.size >= ROUTES_KEPT) this.routes.delete(this.routes.keys().next().value!);
      this.routes.set(idempotencyKey, refund);
    }
    return known;
  }

  private async route(marketplace: string | null): Promise<PaymentPort> {
    if (!marketplace) return this.configured;
    const adapter = this.marketplaces[marketplace];
    if (!adapter) throw new Error(`no payment adapter for orders from ${marketplace}`);
    return adapter;
  }
}
