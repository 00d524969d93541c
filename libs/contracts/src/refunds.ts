import { Money } from './money';

export const REFUND_STATES = ['pending', 'processing', 'succeeded', 'failed', 'voided'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
/** States whose amount counts against what was paid. */
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
  lastError: string | null;
  idempotencyKey: string;
  createdAt: string;
  completedAt: string | null;
}

export interface VoidRefundBody {
  comment: string;
}
