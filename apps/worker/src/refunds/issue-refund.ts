import { ActorRef, Money, RefundCauseType } from '@aftersale/contracts';
import { DomainError, fullRefundAmount, newId, Order, Refund } from '@aftersale/domain';
import { TransactionContext } from '../infrastructure/transaction-context';

/**
 * What issuing does when the cause already has its refund (one cause has at most one refund, its idempotency key):
 * `keep-existing` — nothing more, as when a cancellation is approved by a person and its timer alike;
 * `refuse` — 409 invalid-transition, as when a return case or an offer would be refunded twice.
 */
export type WhenAlreadyIssued = 'keep-existing' | 'refuse';

export interface RefundToIssue {
  order: Order;
  cause: { type: RefundCauseType; id: string };
  /** `rest-of-paid`: what is left of the order's payment after its other refunds (nothing issued when nothing is left) */
  amount: Money | 'rest-of-paid';
  whenAlreadyIssued: WhenAlreadyIssued;
  actor: ActorRef;
  at: Date;
}

/**
 * The one way a refund comes to be (docs/rules.md#refunds): created in the transaction of the decision that causes it,
 * under the order's row lock (the caller locked it), so the order's refunds never add up to more than was paid
 * (422 refund-exceeds-paid). The refund execution pays it after the commit. Where this process publishes the
 * `RefundCreated` job itself (`tx.firstAttemptLeaseMs`), the refund's first attempt starts here too, committed
 * `processing` with the decision, and that job's first start makes the call without a transaction of its own
 * (docs/reliability.md "One attempt at a time", docs/benchmarks.md, 35), and gets the refund, its order and its route
 * as this transaction writes them, without reading them again (61). Returns the new refund, or null when none was
 * issued.
 */
export async function issueRefund(tx: TransactionContext, issue: RefundToIssue): Promise<Refund | null> {
  const { order, cause, actor, at } = issue;
  // one statement: the cause's refund, if any, what the order's refunds hold, and the payment's route
  const {
    issued,
    held: heldAmount,
    marketplace,
  } = await tx.refunds.issuedAndHeld(order.id, Refund.idempotencyKeyFor(cause.type, cause.id));
  if (issued) {
    if (issue.whenAlreadyIssued === 'keep-existing') return null;
    throw DomainError.invalidTransition('Refunding the same cause again', 'refunded');
  }
  const amount = issue.amount === 'rest-of-paid' ? fullRefundAmount(order.paid, heldAmount) : issue.amount;
  if (issue.amount === 'rest-of-paid' && amount.amount === 0) return null;
  const { refund, events } = Refund.create(
    { id: newId(), order, causeType: cause.type, causeId: cause.id, amount, heldAmount },
    actor,
    at,
  );
  const leaseMs = tx.firstAttemptLeaseMs;
  if (leaseMs !== undefined) events.push(...refund.startAttempt(at, leaseMs));
  await tx.refunds.save(refund);
  tx.record(events);
  if (leaseMs !== undefined) tx.issuedWithAttempt(refund, order, marketplace);
  return refund;
}
