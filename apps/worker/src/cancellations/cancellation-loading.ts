import { ActorRef } from '@aftersale/contracts';
import { CancellationRequest, DomainError, Order } from '@aftersale/domain';
import { cancellationView } from '@aftersale/server/persistence';
import { TransactionContext } from '../infrastructure/transaction-context';
import { CommandOutcome } from '../infrastructure/command-execution.service';
import { issueRefund } from '../refunds/issue-refund';

export async function loadCancellationWithOrder(
  tx: TransactionContext,
  cancellationId: string,
  sellerId: string | null,
) {
  // the request and its order, both locked, in one statement: the request read is current
  const found = await tx.cancellations.findWithLockedOrder(cancellationId, sellerId);
  if (!found) throw new DomainError('not-found', 'No such cancellation request.');
  return found;
}

export async function openRequestOf(tx: TransactionContext, order: Order): Promise<CancellationRequest | null> {
  return order.openCancellationId ? tx.cancellations.find(order.openCancellationId) : null;
}

export async function saveCancellationAndOrder(
  tx: TransactionContext,
  request: CancellationRequest,
  order: Order,
): Promise<CommandOutcome> {
  await tx.orders.save(order);
  const row = await tx.cancellations.save(request);
  return { resourceId: request.id, result: cancellationView(row) };
}

/**
 * A cancelled order's full refund (docs/rules.md#cancellations): what is left of the payment, nothing when nothing is
 * left. The request is the cause; a request refunded already (approved by a person and by its timer) keeps its refund.
 */
export async function refundCancelledOrder(
  tx: TransactionContext,
  order: Order,
  request: CancellationRequest,
  actor: ActorRef,
  at: Date,
): Promise<void> {
  await issueRefund(tx, {
    order,
    cause: { type: 'cancellation', id: request.id },
    amount: 'rest-of-paid',
    whenAlreadyIssued: 'keep-existing',
    actor,
    at,
  });
}
