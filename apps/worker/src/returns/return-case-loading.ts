import { ActorRef } from '@aftersale/contracts';
import { allUnitsSettled, DomainError, Order, ReturnCase, ReturnDefaults } from '@aftersale/domain';
import { returnView } from '@aftersale/server/persistence';
import { CommandOutcome } from '../infrastructure/command-execution.service';
import { TransactionContext } from '../infrastructure/transaction-context';
import { lockOrder } from '../orders/order-loading';
import { settingsOf } from '../sellers/seller-references';

/** The case and its order, the order locked: refunds of one order are checked against `paid` under it. */
export async function loadReturnWithOrder(tx: TransactionContext, returnId: string, sellerId: string | null) {
  const found = await tx.returns.find(returnId, sellerId);
  if (!found) throw new DomainError('not-found', 'No such return case.');
  const order = await lockOrder(tx, found.orderId, found.sellerId);
  const returnCase = (await tx.returns.find(returnId, sellerId))!;
  return { returnCase, order };
}

/** The seller's settings that stand in when a decision gives no instructions (docs/rules.md#the-return-cases-state-machine). */
export async function returnDefaultsOf(tx: TransactionContext, sellerId: string): Promise<ReturnDefaults> {
  const settings = await settingsOf(tx, sellerId);
  return {
    returnAddress: settings.defaultReturnAddress,
    shipByDays: settings.returnShipByDays,
    returnShippingFee: { amount: settings.defaultReturnShippingFee, currency: settings.currency },
  };
}

export async function saveReturn(tx: TransactionContext, returnCase: ReturnCase): Promise<CommandOutcome> {
  const row = await tx.returns.save(returnCase);
  return { resourceId: returnCase.id, result: returnView(row) };
}

/** `returned` once all of the order came back and was settled (docs/rules.md#orders). */
export async function settleOrderWhenAllBack(
  tx: TransactionContext,
  order: Order,
  settled: ReturnCase,
  actor: ActorRef,
  at: Date,
): Promise<void> {
  if (order.status !== 'delivered' && order.status !== 'delivery_refused') return;
  const cases = (await tx.returns.findByOrder(order.id)).map((c) => (c.id === settled.id ? settled : c));
  const views = cases.map((c) => ({ state: c.state, received: c.toSnapshot().receivedAt !== null, lines: c.lines }));
  if (!allUnitsSettled(order.lines, views)) return;
  tx.record(order.markReturned(actor, at, { returnIds: cases.map((c) => c.id) }));
  await tx.orders.save(order);
}
