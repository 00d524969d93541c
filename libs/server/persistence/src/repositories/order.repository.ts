import { EntityManager } from 'typeorm';
import { Order, OrderProps } from '@aftersale/domain';
import { OrderLineOrmEntity, OrderOrmEntity } from '../entities';
import { writeVersioned } from './versioned-write';

export function orderToDomain(row: OrderOrmEntity): Order {
  return Order.fromSnapshot({
    id: row.id,
    sellerId: row.sellerId,
    postingNumber: row.postingNumber,
    status: row.status,
    buyer: { name: row.buyerName, ...(row.buyerEmail ? { email: row.buyerEmail } : {}) },
    lines: [...row.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((line) => ({
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: { amount: line.unitPriceAmount, currency: row.currency },
      })),
    paid: { amount: row.paidAmount, currency: row.currency },
    refundedAmount: row.refundedAmount,
    openCancellationId: row.openCancellationId,
    cancelledBySeller: row.cancelledBySeller,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  });
}

function toRow(p: OrderProps): Omit<OrderOrmEntity, 'lines'> {
  return {
    id: p.id,
    sellerId: p.sellerId,
    postingNumber: p.postingNumber,
    status: p.status,
    buyerName: p.buyer.name,
    buyerEmail: p.buyer.email ?? null,
    paidAmount: p.paid.amount,
    currency: p.paid.currency,
    refundedAmount: p.refundedAmount,
    openCancellationId: p.openCancellationId,
    cancelledBySeller: p.cancelledBySeller,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: p.version,
  };
}

export class OrderRepository {
  constructor(private readonly manager: EntityManager) {}

  /** `lock` takes the row for the transaction: refunds of one order are checked against `paid` under it. */
  async find(id: string, sellerId?: string | null, lock = false): Promise<Order | null> {
    const qb = this.manager.getRepository(OrderOrmEntity).createQueryBuilder('o').where('o.id = :id', { id });
    if (sellerId) qb.andWhere('o.seller_id = :sellerId', { sellerId });
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) return null;
    row.lines = await this.manager
      .getRepository(OrderLineOrmEntity)
      .find({ where: { orderId: id }, order: { lineNo: 'ASC' } });
    return orderToDomain(row);
  }

  async save(order: Order): Promise<OrderOrmEntity> {
    const p = order.toSnapshot();
    const row = toRow(p);
    await writeVersioned(this.manager, OrderOrmEntity, 'Order', row);
    const lines = p.lines.map((line, index) => ({
      orderId: p.id,
      lineNo: index + 1,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPriceAmount: line.unitPrice.amount,
    }));
    if (p.version === 0) await this.manager.insert(OrderLineOrmEntity, lines);
    return Object.assign(new OrderOrmEntity(), row, { version: p.version + 1, lines });
  }
}
