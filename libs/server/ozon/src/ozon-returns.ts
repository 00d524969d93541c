import type { OzonPath } from './ozon-types';

/**
 * rFBS returns: Ozon's seller actions and how a return case's state maps onto Ozon's return states
 * (docs/ozon.md#return-actions). Ozon's states (`state.state`) are grouped: `New` (and `CompensationDeclined`, back
 * to the seller), `CompensationOffered`, `Delivering`, `Checkout`, the `Approved` group (`MoneyReturned`,
 * `CompensationAccepted`, `ArbitrationApproved`), the `Rejected` group (`Rejected`, `ArbitrationRejected`) and
 * `Arbitration`. Plain functions, shared by the push (worker) and the case's view (api).
 */
export type OzonReturnAction = 'verify' | 'receive-return' | 'return-money' | 'compensate' | 'reject';

const OPEN = ['New', 'CompensationDeclined'];
const MONEY_RETURNED = ['MoneyReturned', 'ArbitrationApproved'];
const AFTER_VERIFY = ['Delivering', 'Checkout', ...MONEY_RETURNED];
const REJECTED = ['Rejected', 'Arbitration', 'ArbitrationRejected', 'ArbitrationApproved'];

export interface OzonReturnActionRule {
  /** Ozon's explicit path for the action */
  path: OzonPath;
  /** the Ozon states the action is available in (`available_actions`) */
  from: readonly string[];
  /** the Ozon states in which Ozon already has it */
  done: readonly string[];
  /** Ozon's state once it accepted the action */
  to: string;
}

export const OZON_RETURN_ACTIONS: Record<OzonReturnAction, OzonReturnActionRule> = {
  verify: { path: '/v2/returns/rfbs/verify', from: OPEN, done: AFTER_VERIFY, to: 'Delivering' },
  'receive-return': {
    path: '/v2/returns/rfbs/receive-return',
    from: ['Delivering'],
    done: ['Checkout', ...MONEY_RETURNED],
    to: 'Checkout',
  },
  'return-money': {
    path: '/v2/returns/rfbs/return-money',
    from: [...OPEN, 'Checkout'],
    done: MONEY_RETURNED,
    to: 'MoneyReturned',
  },
  compensate: {
    path: '/v2/returns/rfbs/compensate',
    from: OPEN,
    done: ['CompensationOffered', 'CompensationAccepted'],
    to: 'CompensationOffered',
  },
  reject: { path: '/v2/returns/rfbs/reject', from: [...OPEN, 'Checkout'], done: REJECTED, to: 'Rejected' },
};

/**
 * The actions that bring Ozon to where our case is, in order. A case whose goods came back goes through
 * verify and receive-return first; one refunded without the goods is `return-money` straight from `New`.
 * Empty for a state that is not the seller's decision (requested, a buyer's answer, arbitration, closed).
 */
export function ozonReturnActionsFor(state: string, goodsCameBack: boolean): OzonReturnAction[] {
  const back: OzonReturnAction[] = goodsCameBack ? ['verify', 'receive-return'] : [];
  switch (state) {
    case 'approved':
    case 'in_transit':
      return ['verify'];
    case 'received':
    case 'inspected':
      return ['verify', 'receive-return'];
    case 'refunded':
    case 'partially_refunded':
      return [...back, 'return-money'];
    case 'rejected':
      return ['reject'];
    case 'return_rejected':
      return ['verify', 'receive-return', 'reject'];
    case 'compensation_offered':
      return ['compensate'];
    default:
      return [];
  }
}

/** For each of our states that is the seller's decision: the Ozon states in which Ozon has it (nothing to push). */
export const OZON_RETURN_REACHED: Record<string, readonly string[]> = {
  approved: OZON_RETURN_ACTIONS.verify.done,
  in_transit: OZON_RETURN_ACTIONS.verify.done,
  received: OZON_RETURN_ACTIONS['receive-return'].done,
  inspected: OZON_RETURN_ACTIONS['receive-return'].done,
  refunded: OZON_RETURN_ACTIONS['return-money'].done,
  partially_refunded: OZON_RETURN_ACTIONS['return-money'].done,
  rejected: OZON_RETURN_ACTIONS.reject.done,
  return_rejected: OZON_RETURN_ACTIONS.reject.done,
  compensation_offered: OZON_RETURN_ACTIONS.compensate.done,
};

/** Does our case say something Ozon does not have yet (a decision of ours to push)? */
export function ozonReturnAwaitsPush(state: string, ozonState: string | null): boolean {
  const reached = OZON_RETURN_REACHED[state];
  return reached !== undefined && !reached.includes(ozonState ?? '');
}

/** Ozon's return paid: the return's money returned (by the seller's return-money or Ozon's arbitration). */
export function ozonReturnMoneyReturned(ozonState: string | null): boolean {
  return MONEY_RETURNED.includes(ozonState ?? '');
}

/** Ozon rejected the return (the seller's rejection, or arbitration for the seller). */
export function ozonReturnRejected(ozonState: string | null): boolean {
  return ozonState === 'Rejected' || ozonState === 'ArbitrationRejected';
}

/** One of the rejection reasons Ozon takes for a return (`rejection_reason` of `/v2/returns/rfbs/get`). */
export interface OzonRejectionReason {
  id?: number;
  name?: string;
  is_comment_required?: boolean;
}

/**
 * Our return rejection reasons that have a counterpart among Ozon's, found by its name (Ozon names them in Russian).
 * Ozon lists the reasons it takes with each return and documents no fixed ids, so the id is always chosen from that
 * list (docs/ozon.md#return-actions).
 */
const OURS_IN_OZON_NAMES: Record<string, RegExp> = {
  'signs-of-use': /употребл|использ|следы/i,
  'not-our-item': /не тот|другой товар|подмен/i,
};
const OZON_OTHER = /другое|иная|прочее/i;

/**
 * The reason and comment of a rejection sent to Ozon: Ozon's reason that means ours, else its "other" (or one that
 * asks for a comment), else its first; the comment is ours, or our reason's wording where Ozon asks for one. Null
 * when Ozon offers no reason for this return.
 */
export function ozonReturnRejectionOf(
  reasonId: string | null,
  comment: string | null,
  offered: OzonRejectionReason[],
  reasonLabel?: string,
): { id: number; comment: string } | null {
  const reasons = offered.filter((r): r is OzonRejectionReason & { id: number } => typeof r.id === 'number');
  const ours = OURS_IN_OZON_NAMES[reasonId ?? ''];
  const reason =
    (ours && reasons.find((r) => ours.test(r.name ?? ''))) ||
    reasons.find((r) => OZON_OTHER.test(r.name ?? '')) ||
    reasons.find((r) => r.is_comment_required) ||
    reasons[0];
  if (!reason) return null;
  const text = comment?.trim() || (reason.is_comment_required ? reasonLabel || reasonId || 'Другое' : '');
  return { id: reason.id, comment: text };
}

/** Minor units → Ozon's decimal string ("1290.00"). */
export function ozonDecimal(minor: number): string {
  return (minor / 100).toFixed(2);
}
