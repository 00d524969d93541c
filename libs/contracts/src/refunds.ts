import { Money } from './money';

/**
 * `succeeded` (paid), `declined` (the payment provider refused it for good: nothing was paid) and `voided`
 * (a person gave up on a failed one) are final; `failed` waits for a person to retry or void it.
 */
export const REFUND_STATES = ['pending', 'processing', 'succeeded', 'failed', 'declined', 'voided'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
/** States whose amount counts against what was paid; `declined` and `voided` release it (nothing was paid). */
export const REFUND_STATES_HOLDING_AMOUNT: readonly RefundState[] = ['pending', 'processing', 'succeeded', 'failed'];

export type RefundCauseType = 'cancellation' | 'return' | 'compensation';

export interface RefundView {
  id: string;
  orderId: string;
  sellerId: string;
  cause: { type: RefundCauseType; id: string };
  amount: Money;
  state: RefundState;
  attempts: number;
  /** why the last attempt failed, or why the provider declined */
  lastError: string | null;
  idempotencyKey: string;
  createdAt: string;
  completedAt: string | null;
}

export interface VoidRefundBody {
  comment: string;
}
