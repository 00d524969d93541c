import { ActorRef, CancellationInitiator, OrderStatus } from '@aftersale/contracts';

/** Who acts when Ozon brings something in: the channel of the seller's Ozon account (docs/ozon.md#import). */
export function ozonChannelActor(sellerId: string): ActorRef {
  return { kind: 'channel', id: sellerId, name: 'Ozon' };
}

/** A decision Ozon took on its side (an auto-approval, a request approved in Ozon's own seller console). */
export const OZON_SYSTEM_ACTOR: ActorRef = { kind: 'system', name: 'ozon' };

/** Posting status → our order status (docs/ozon.md#import); statuses not listed move nothing. */
const POSTING_STATUS: Record<string, OrderStatus> = {
  awaiting_packaging: 'pending',
  awaiting_deliver: 'processing',
  delivering: 'shipped',
  driver_pickup: 'shipped',
  sent_by_seller: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
};

export function orderStatusOf(postingStatus: string | undefined): OrderStatus | null {
  return (postingStatus && POSTING_STATUS[postingStatus]) || null;
}

/** The order's moves, in order, from one status to another along pending → processing → shipped → delivered. */
const PATH: OrderStatus[] = ['pending', 'processing', 'shipped', 'delivered'];
export function movesBetween(from: OrderStatus, to: OrderStatus): OrderStatus[] {
  const start = PATH.indexOf(from);
  const end = PATH.indexOf(to);
  if (start < 0 || end < 0 || end <= start) return [];
  return PATH.slice(start + 1, end + 1);
}

/** Ozon's `cancellation_initiator` / `cancellation_type` → ours. */
export function initiatorOf(ozon: string | undefined): CancellationInitiator {
  switch ((ozon ?? '').toUpperCase()) {
    case 'SELLER':
      return 'seller';
    case 'DELIVERY':
      return 'carrier';
    case 'OZON':
    case 'SYSTEM':
      return 'marketplace';
    default:
      return 'buyer';
  }
}

/** Ozon's buyer cancellation reasons → our catalogue (docs/ozon.md#conditional-cancellations--cancellation-requests); unknown ones are `cancellation-other`. */
const BUYER_REASONS: Record<number, string> = {
  501: 'changed-mind',
  502: 'found-cheaper',
  503: 'delivery-too-slow',
  666: 'cannot-deliver-to-region',
  667: 'lost-by-carrier',
};
/** Ozon's rFBS seller cancel reason ids → our seller-cancellation reasons. */
const SELLER_REASONS: Record<number, string> = { 352: 'out-of-stock', 400: 'only-defective-left' };

export function cancellationReasonOf(ozonReasonId: number | undefined): string {
  return BUYER_REASONS[ozonReasonId ?? 0] ?? 'cancellation-other';
}

export function sellerCancellationReasonOf(ozonReasonId: number | undefined): string {
  return SELLER_REASONS[ozonReasonId ?? 0] ?? 'seller-cancellation-other';
}

/** Ozon's decimal strings ("1290.00") → minor units. */
export function minorUnits(price: string | undefined): number {
  const value = Number(price ?? 0);
  return Number.isFinite(value) ? Math.round(value * 100) : 0;
}

/** Our seller-cancellation reasons → Ozon's rFBS cancel reason ids (docs/ozon.md#push); any other is 402 "other". */
const OZON_SELLER_REASON_IDS: Record<string, number> = { 'out-of-stock': 352, 'only-defective-left': 400 };

/** What `/v2/posting/fbs/cancel` gets for our reason: Ozon's id, and a message (required by 402). */
export function ozonCancelReasonOf(reasonId: string, comment: string | null): { id: number; message: string } {
  const id = OZON_SELLER_REASON_IDS[reasonId] ?? 402;
  return { id, message: comment?.trim() || (id === 402 ? reasonId : '') };
}
