import { randomUUID } from 'node:crypto';
import { ActorRef, ReasonKind, RefundCauseType } from '@aftersale/contracts';
import { CancellationRequest, DomainError, fullRefundAmount, Order, Refund } from '@aftersale/domain';
import { cancellationView, orderView, ReasonOrmEntity, SellerSettingsOrmEntity } from '@aftersale/server/persistence';
import { TransactionContext } from './transaction-context';
import { CommandOutcome } from './command-execution.service';

const notFound = (what: string) => new DomainError('not-found', `No such ${what}.`);

/** The order, locked for the transaction: refunds and status changes of one order queue up behind it. */
export async function lockOrder(tx: TransactionContext, orderId: string, sellerId: string | null): Promise<Order> {
  const order = await tx.orders.find(orderId, sellerId, true);
  if (!order) throw notFound('order');
  return order;
}

export async function loadCancellationWithOrder(
  tx: TransactionContext,
  cancellationId: string,
  sellerId: string | null,
) {
  const found = await tx.cancellations.find(cancellationId, sellerId);
  if (!found) throw notFound('cancellation request');
  const order = await lockOrder(tx, found.orderId, found.sellerId);
  // re-read under the order's lock: a decision applied meanwhile shows up as the current state
  const request = (await tx.cancellations.find(cancellationId, sellerId))!;
  return { request, order };
}

export async function openRequestOf(tx: TransactionContext, order: Order): Promise<CancellationRequest | null> {
  return order.openCancellationId ? tx.cancellations.find(order.openCancellationId) : null;
}

export async function reasonOf(tx: TransactionContext, reasonId: string, kind: ReasonKind): Promise<ReasonOrmEntity> {
  const reason = await tx.manager.getRepository(ReasonOrmEntity).findOneBy({ id: reasonId, kind });
  if (!reason) {
    const message = `${reasonId} is not a ${kind} reason.`;
    throw new DomainError('validation-failed', message, { errors: [{ field: 'reasonId', message }] });
  }
  return reason;
}

export async function settingsOf(tx: TransactionContext, sellerId: string): Promise<SellerSettingsOrmEntity> {
  const settings = await tx.manager.getRepository(SellerSettingsOrmEntity).findOneBy({ sellerId });
  if (!settings) throw notFound('seller settings');
  return settings;
}

/**
 * A cancelled order's full refund, created in the decision's transaction (docs/rules.md#cancellations) with the key of
 * its cause; it is paid afterwards by the refund execution. Nothing is created when nothing is left to pay.
 */
export async function refundInFull(
  tx: TransactionContext,
  order: Order,
  causeType: RefundCauseType,
  causeId: string,
  actor: ActorRef,
  at: Date,
): Promise<void> {
  const existing = await tx.refunds.findByIdempotencyKey(Refund.idempotencyKeyFor(causeType, causeId));
  if (existing) return;
  const heldAmount = await tx.refunds.heldAmount(order.id);
  const amount = fullRefundAmount(order.paid, heldAmount);
  if (amount.amount === 0) return;
  const { refund, events } = Refund.create(
    { id: randomUUID(), order, causeType, causeId, amount, heldAmount },
    actor,
    at,
  );
  await tx.refunds.save(refund);
  tx.record(events);
}

export async function saveOrder(tx: TransactionContext, order: Order): Promise<CommandOutcome> {
  const row = await tx.orders.save(order);
  return { resourceId: order.id, result: orderView(row) };
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
