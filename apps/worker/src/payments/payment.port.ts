import { Money } from '@aftersale/contracts';

export interface PaymentRequest {
  idempotencyKey: string;
  orderId: string;
  amount: Money;
  /**
   * The marketplace the order came from, when the caller has read it (null: the generic channel); the payment
   * router routes by it without reading it again. Undefined: the router reads it.
   */
  marketplace?: string | null;
}

/**
 * What the provider says about a key. `succeeded` and `declined` are final: the provider paid, or refused for
 * good (the same key is refused again). `unknown`: the provider has no payment under this key — never paid.
 */
export type PaymentStatus = 'succeeded' | 'declined' | 'unknown';

/** A final answer of the provider; `reason` says why a payment was declined. */
export type PaymentOutcome = { status: 'succeeded' } | { status: 'declined'; reason: string };

/**
 * Where refunds are paid: the marketplace's "return money" call in production, the simulator in the demo
 * and tests (PAYMENT_ADAPTER, see payment-adapters.ts). The key deduplicates: paying the same key twice pays
 * once and answers as the first time. `pay` throws when the outcome is not known (a timeout, a network
 * error): that is not a failure, callers ask `status` before any retry (docs/api.md "Refunds and payments").
 */
export abstract class PaymentPort {
  abstract pay(request: PaymentRequest): Promise<PaymentOutcome>;
  abstract status(idempotencyKey: string): Promise<PaymentOutcome | { status: 'unknown' }>;
}

/**
 * Thrown by `pay` when the provider has the payment but has not answered yet (on Ozon: the approval is still being
 * pushed). Not a failure: the refund stays `processing`, and whoever learns the answer runs the refund again
 * (docs/ozon.md#refunds-of-ozon-orders).
 */
export class PaymentPendingError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PaymentPendingError';
  }
}
