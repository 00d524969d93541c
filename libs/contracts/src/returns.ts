import type { MarketplaceLinkView } from './marketplace';
import { Money } from './money';

export const RETURN_TYPES = ['refused_delivery', 'buyer_return', 'defect_claim'] as const;
export type ReturnType = (typeof RETURN_TYPES)[number];
/** Types the channel opens with POST /returns; `refused_delivery` comes from POST /orders/:id/refuse-delivery. */
export const CHANNEL_RETURN_TYPES = ['buyer_return', 'defect_claim'] as const;
export type ChannelReturnType = (typeof CHANNEL_RETURN_TYPES)[number];

export const RETURN_STATES = [
  'requested',
  'approved',
  'in_transit',
  'received',
  'inspected',
  'refunded',
  'partially_refunded',
  'return_rejected',
  'rejected',
  'compensation_offered',
  'compensated',
  'arbitration',
  'closed',
] as const;
export type ReturnState = (typeof RETURN_STATES)[number];
export const FINAL_RETURN_STATES: readonly ReturnState[] = ['refunded', 'partially_refunded', 'compensated', 'closed'];
/**
 * The states a seller admin or ops may close a case from at any time (docs/rules.md "Returns"); a rejection
 * (`rejected`, `return_rejected`) only once its dispute window has passed.
 */
export const CLOSABLE_RETURN_STATES: readonly ReturnState[] = [
  'requested',
  'approved',
  'in_transit',
  'received',
  'inspected',
  'compensation_offered',
  'arbitration',
];

export const INSPECTION_OUTCOMES = [
  'intact',
  'opened_unused',
  'used_or_damaged_by_buyer',
  'damaged_in_transit',
  'wrong_item',
  'missing_parts',
] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];
/** Outcomes whose quantities count towards the suggested refund. */
export const REFUNDABLE_INSPECTION_OUTCOMES: readonly InspectionOutcome[] = [
  'intact',
  'opened_unused',
  'damaged_in_transit',
];

export const PARCEL_CONDITIONS = ['intact', 'damaged_packaging', 'opened'] as const;
export type ParcelCondition = (typeof PARCEL_CONDITIONS)[number];

export const RETURN_SHIPPING_PAYERS = ['buyer', 'seller'] as const;
export type ReturnShippingPayer = (typeof RETURN_SHIPPING_PAYERS)[number];

export const COMPENSATION_OFFER_STATES = ['offered', 'accepted', 'declined', 'expired', 'cancelled'] as const;
export type CompensationOfferState = (typeof COMPENSATION_OFFER_STATES)[number];

export const ARBITRATION_DECISIONS = ['approved', 'rejected'] as const;
export type ArbitrationDecision = (typeof ARBITRATION_DECISIONS)[number];

/** Why a case ended `closed`. */
export type ReturnCloseReason = 'withdrawn' | 'closed' | 'expired' | 'arbitration_rejected';

export interface ReturnLineRef {
  sku: string;
  quantity: number;
}

export interface ReturnLineView extends ReturnLineRef {
  /** the share of what was paid for these units */
  amount: Money;
}

export interface InspectionLineView {
  sku: string;
  quantity: number;
  outcome: InspectionOutcome;
  note: string | null;
  /** photos of these units */
  attachmentIds: string[];
}

export interface CompensationOfferView {
  id: string;
  amount: Money;
  state: CompensationOfferState;
  offeredAt: string;
  /** null: answered on the marketplace (a return from Ozon), with no expiry of ours */
  expiresAt: string | null;
  answeredAt: string | null;
}

export interface ReturnView {
  id: string;
  orderId: string;
  sellerId: string;
  postingNumber: string;
  type: ReturnType;
  state: ReturnState;
  lines: ReturnLineView[];
  inspection: InspectionLineView[];
  /** every photo recorded with the inspection, its lines' included (the buyer's evidence is `attachmentIds`) */
  inspectionAttachmentIds: string[];
  reasonId: string | null;
  comment: string | null;
  attachmentIds: string[];
  trackingNumber: string | null;
  returnAddress: string | null;
  returnShippingPaidBy: ReturnShippingPayer | null;
  returnShippingFee: Money | null;
  shipBy: string | null;
  decisionDeadlineAt: string | null;
  decidedAt: string | null;
  /** a user id, `system` or `deadline` */
  decidedBy: string | null;
  rejectionReasonId: string | null;
  rejectionComment: string | null;
  rejectedAt: string | null;
  disputeDeadlineAt: string | null;
  arbitrationFrom: 'rejected' | 'return_rejected' | null;
  arbitrationDecision: ArbitrationDecision | null;
  compensationOffers: CompensationOfferView[];
  /** the share of all the case's lines: the most a refund of this case may be */
  linesAmount: Money;
  /** what `refund {}` would pay now; null where no refund is possible without an inspection */
  suggestedRefund: Money | null;
  refunded: Money;
  closeReason: ReturnCloseReason | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** `GET /returns/:id` of a return from Ozon: Ozon's return and where the seller's decisions stand with Ozon */
  marketplace?: MarketplaceLinkView | null;
}

export interface CreateReturnBody {
  orderId: string;
  type: ChannelReturnType;
  lines: ReturnLineRef[];
  reasonId: string;
  comment?: string;
  attachmentIds?: string[];
}
export interface ApproveReturnBody {
  returnAddress?: string;
  returnShippingPaidBy?: ReturnShippingPayer;
  returnShippingFee?: Money;
  shipBy?: string;
}
export interface RejectReturnBody {
  reasonId: string;
  comment?: string;
}
export interface CompensateReturnBody {
  amount: Money;
}
export interface ShipReturnBody {
  trackingNumber: string;
}
export interface InspectReturnBody {
  /** `attachmentIds`: photos of the line's units */
  lines: { sku: string; quantity: number; outcome: InspectionOutcome; note?: string; attachmentIds?: string[] }[];
  /** photos of the return as a whole */
  attachmentIds?: string[];
}
export type RejectReturnAfterInspectionBody = RejectReturnBody;
export interface RefundReturnBody {
  amount?: Money;
}
export interface DisputeReturnBody {
  comment: string;
}
export interface ArbitrateReturnBody {
  decision: ArbitrationDecision;
  comment: string;
}
export interface CloseReturnBody {
  comment: string;
}

export interface ParcelView {
  id: string;
  sellerId: string;
  code: string;
  condition: ParcelCondition;
  note: string | null;
  attachmentIds: string[];
  /** null while unmatched */
  returnId: string | null;
  candidateReturnIds: string[];
  receivedBy: string;
  receivedAt: string;
  updatedAt: string;
}

export interface ReceiveParcelBody {
  code: string;
  condition?: ParcelCondition;
  note?: string;
  attachmentIds?: string[];
}
export interface ReceiveParcelResponse {
  parcel: ParcelView;
  returnId: string | null;
  alreadyReceived: boolean;
}
export interface ParcelConditionBody {
  condition: ParcelCondition;
  note?: string;
  attachmentIds?: string[];
}
export interface AssignParcelBody {
  returnId: string;
}
