import { DomainError, Order } from '@aftersale/domain';
import { orderView } from '@aftersale/server/persistence';
import { TransactionContext } from '../infrastructure/transaction-context';
import { CommandOutcome } from '../infrastructure/command-execution.service';

/** The order, locked for the transaction: refunds and status changes of one order queue up behind it. */
export async function lockOrder(tx: TransactionContext, orderId: string, sellerId: string | null): Promise<Order> {
  const order = await tx.orders.find(orderId, sellerId, true);
  if (!order) throw new DomainError('not-found', 'No such order.');
  return order;
}

export async function saveOrder(tx: TransactionContext, order: Order): Promise<CommandOutcome> {
  const row = await tx.orders.save(order);
  return { resourceId: order.id, result: orderView(row) };
}
