import {
  ArbitrationDecision,
  ChannelReturnType,
  CompensationOfferState,
  InspectionOutcome,
  Money,
  OrderStatus,
  ParcelCondition,
  ReturnCloseReason,
  ReturnShippingPayer,
  ReturnState,
  ReturnType,
} from '@aftersale/contracts';
import { PricedLine, SkuQuantity } from '../money/pro-rata';
import { DomainEvent } from '../shared/domain-event';

/* The return case's state and the inputs and outputs of its transitions (return-case.aggregate.ts). */

/** What a return case needs of its order (the order aggregate stays out of this module). */
export interface ReturnableOrder {
  id: string;
  sellerId: string;
  postingNumber: string;
  status: OrderStatus;
  lines: readonly (PricedLine & { name?: string })[];
  paid: Money;
}

/** The seller's settings that stand in when a decision gives no instructions of its own. */
export interface ReturnDefaults {
  returnAddress: string | null;
  shipByDays: number;
  /** the return shipping fee when the approval names none, in the settings currency: it applies only to orders
   * in that currency; zero (in the order's currency) when null or in another currency */
  returnShippingFee: Money | null;
}

export interface ReturnLine {
  sku: string;
  quantity: number;
  amount: Money;
}

export interface InspectionLine {
  sku: string;
  quantity: number;
  outcome: InspectionOutcome;
  note: string | null;
  /** photos of these units (a case inspected before lines had photos has none: read as empty) */
  attachmentIds?: string[];
}

export interface CompensationOffer {
  id: string;
  amount: Money;
  state: CompensationOfferState;
  offeredAt: Date;
  /**
   * when our 72 h answer window ends; null for an offer the marketplace's buyer answers there (a return from Ozon):
   * the marketplace's state decides, so our timer never ends it (docs/rules.md#compensation-offers)
   */
  expiresAt: Date | null;
  answeredAt: Date | null;
}

export interface ReturnCaseProps {
  id: string;
  orderId: string;
  sellerId: string;
  postingNumber: string;
  type: ReturnType;
  state: ReturnState;
  currency: string;
  /** with the share of what was paid for them, fixed when the case opens */
  lines: ReturnLine[];
  reasonId: string | null;
  reasonIsDefect: boolean;
  comment: string | null;
  attachmentIds: string[];
  /** the seller's setting when the case opened; a compensation declined or expired restarts the window */
  decisionDeadlineHours: number | null;
  decisionDeadlineAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  returnAddress: string | null;
  returnShippingPaidBy: ReturnShippingPayer | null;
  returnShippingFee: Money | null;
  shipBy: Date | null;
  trackingNumber: string | null;
  shippedAt: Date | null;
  receivedAt: Date | null;
  parcelId: string | null;
  parcelCondition: ParcelCondition | null;
  inspection: InspectionLine[];
  inspectionAttachmentIds: string[];
  inspectedAt: Date | null;
  /** ops upheld the buyer's dispute of the inspection: its outcomes no longer limit the suggested refund */
  inspectionOverruled: boolean;
  rejectionReasonId: string | null;
  rejectionComment: string | null;
  rejectedAt: Date | null;
  disputedAt: Date | null;
  disputeComment: string | null;
  /** the state the disputed rejection left the case in */
  arbitrationFrom: 'rejected' | 'return_rejected' | null;
  arbitrationDecision: ArbitrationDecision | null;
  arbitrationComment: string | null;
  compensationOffers: CompensationOffer[];
  /** minor units refunded or compensated because of this case */
  refundedAmount: number;
  refundedAt: Date | null;
  closeReason: ReturnCloseReason | null;
  closeComment: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface OpenReturnInput {
  id: string;
  order: ReturnableOrder;
  type: ChannelReturnType;
  lines: readonly SkuQuantity[];
  reasonId: string;
  reason: { isDefect: boolean; isCommentRequired: boolean };
  comment?: string | null;
  attachmentIds?: readonly string[];
  /** units of the order's SKUs in its other cases that are not closed nor rejected */
  alreadyReturned?: readonly SkuQuantity[];
  /** the seller's setting; fractions allowed */
  decisionDeadlineHours: number;
}

export interface OpenRefusedDeliveryInput {
  id: string;
  order: ReturnableOrder;
  trackingNumber?: string | null;
}

export interface ApproveReturnInput {
  returnAddress?: string | null;
  returnShippingPaidBy?: ReturnShippingPayer;
  returnShippingFee?: Money;
  shipBy?: Date;
  defaults: ReturnDefaults;
}

export interface RejectReturnInput {
  reasonId: string;
  reason: { isCommentRequired: boolean };
  comment?: string | null;
}

export interface ReceiveReturnInput {
  parcelId?: string | null;
  condition?: ParcelCondition;
  note?: string | null;
}

export interface InspectReturnInput {
  lines: readonly {
    sku: string;
    quantity: number;
    outcome: InspectionOutcome;
    note?: string | null;
    attachmentIds?: readonly string[];
  }[];
  /** photos of the return as a whole */
  attachmentIds?: readonly string[];
}

export interface ArbitrateReturnInput {
  decision: ArbitrationDecision;
  comment: string;
  defaults: ReturnDefaults;
}

export type ReturnEventType =
  | 'ReturnRequested'
  | 'ReturnApproved'
  | 'ReturnAutoApproved'
  | 'ReturnRejected'
  | 'ReturnShipped'
  | 'ReturnReceived'
  | 'ReturnInspected'
  | 'ReturnRefunded'
  | 'ReturnRejectedAfterInspection'
  | 'CompensationOffered'
  | 'CompensationAccepted'
  | 'CompensationDeclined'
  | 'CompensationExpired'
  | 'ReturnDisputed'
  | 'ArbitrationDecided'
  | 'ReturnWithdrawn'
  | 'ReturnClosed'
  | 'ReturnExpired';

export interface ReturnRefundDecision {
  events: DomainEvent[];
  /** what the application records as the case's refund, cause `return:<case id>` */
  amount: Money;
}

export interface CompensationAcceptance {
  events: DomainEvent[];
  /** the application records the refund with cause `compensation:<offer id>` */
  offer: { id: string; amount: Money };
}

/** What an approval tells the buyer: where to send the goods, who pays the shipping, by when. */
export interface ReturnInstructions {
  returnAddress: string | null;
  returnShippingPaidBy: ReturnShippingPayer;
  returnShippingFee: Money;
  shipBy: Date;
}

export type ReturnDeadlineKind = 'decision' | 'compensation' | 'ship-by';
