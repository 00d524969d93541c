import { EntityManager } from 'typeorm';
import { REFUND_STATES_HOLDING_AMOUNT } from '@aftersale/contracts';
import { Refund, RefundProps } from '@aftersale/domain';
import { RefundOrmEntity } from '../entities';
import { writeVersioned } from './versioned-write';

function toDomain(row: RefundOrmEntity): Refund {
  const { amount, currency, ...rest } = row;
  return Refund.fromSnapshot({ ...rest, amount: { amount, currency } });
}

function toRow(p: RefundProps): RefundOrmEntity {
  const { amount, ...rest } = p;
  return Object.assign(new RefundOrmEntity(), rest, { amount: amount.amount, currency: amount.currency });
}

export class RefundRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string, sellerId?: string | null): Promise<Refund | null> {
    const row = await this.manager
      .getRepository(RefundOrmEntity)
      .findOne({ where: sellerId ? { id, sellerId } : { id } });
    return row ? toDomain(row) : null;
  }

  async findByIdempotencyKey(key: string): Promise<Refund | null> {
    const row = await this.manager.getRepository(RefundOrmEntity).findOne({ where: { idempotencyKey: key } });
    return row ? toDomain(row) : null;
  }

  /**
   * What the order's refunds hold against `paid`. Call it with the order row locked (OrderRepository.find
   * with lock), so two transactions cannot both see the same headroom.
   */
  async heldAmount(orderId: string): Promise<number> {
    const [{ held }] = await this.manager.query(
      `SELECT COALESCE(SUM(amount), 0)::bigint AS held FROM refunds WHERE order_id = $1 AND state = ANY($2)`,
      [orderId, REFUND_STATES_HOLDING_AMOUNT],
    );
    return Number(held);
  }

  async save(refund: Refund): Promise<RefundOrmEntity> {
    const row = toRow(refund.toSnapshot());
    await writeVersioned(this.manager, RefundOrmEntity, 'Refund', row);
    return Object.assign(row, { version: row.version + 1 });
  }
}
