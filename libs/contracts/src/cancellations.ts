import type { MarketplaceLinkView } from './marketplace';
export const CANCELLATION_STATES = [
  'awaiting_seller',
  'approved',
  'auto_approved',
  'rejected',
  'withdrawn',
  'superseded',
] as const;
export type CancellationState = (typeof CANCELLATION_STATES)[number];

export const CANCELLATION_INITIATORS = ['buyer', 'marketplace', 'carrier', 'seller'] as const;
export type CancellationInitiator = (typeof CANCELLATION_INITIATORS)[number];
/** Initiators the channel may name when it opens a request (`seller` is POST /orders/:id/cancel). */
export const CHANNEL_CANCELLATION_INITIATORS = ['buyer', 'marketplace', 'carrier'] as const;

export interface CancellationView {
  id: string;
  orderId: string;
  sellerId: string;
  postingNumber: string;
  state: CancellationState;
  initiator: CancellationInitiator;
  reasonId: string;
  comment: string | null;
  deadlineAt: string | null;
  decidedAt: string | null;
  /** a user id, `system` or `deadline` */
  decidedBy: string | null;
  decisionReasonId: string | null;
  decisionComment: string | null;
  createdAt: string;
  updatedAt: string;
  /** set on `GET /cancellations/:id` for a request imported from Ozon (docs/ozon.md#push) */
  marketplace?: MarketplaceLinkView | null;
}

export interface CreateCancellationBody {
  orderId: string;
  reasonId: string;
  comment?: string;
  initiator?: (typeof CHANNEL_CANCELLATION_INITIATORS)[number];
}
export interface ApproveCancellationBody {
  comment?: string;
}
export interface RejectCancellationBody {
  reasonId: string;
  comment: string;
}
