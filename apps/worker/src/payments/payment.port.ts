import { Money } from '@aftersale/contracts';

export interface PaymentRequest {
  idempotencyKey: string;
  orderId: string;
  amount: Money;
}

export type PaymentStatus = 'succeeded' | 'unknown';

/**
 * Where refunds are paid: the marketplace's "return money" call in production, the simulator in the demo
 * and tests. The key deduplicates: paying the same key twice pays once. A timeout is not a failure: callers
 * ask `status` before any retry.
 */
export abstract class PaymentPort {
  abstract pay(request: PaymentRequest): Promise<void>;
  abstract status(idempotencyKey: string): Promise<PaymentStatus>;
}
