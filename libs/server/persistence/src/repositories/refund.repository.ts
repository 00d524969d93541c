import { DataSource, EntityManager } from 'typeorm';
import { REFUND_STATES_HOLDING_AMOUNT } from '@aftersale/contracts';
import { Order, Refund, RefundProps } from '@aftersale/domain';
import { RefundOrmEntity } from '../entities';
import { writeVersioned } from './versioned-write';
import { ORDER_WITH_LINES_COLUMNS, orderFromRow, OrderWithLinesRow } from './order.repository';
import { prepared } from './prepared';
import { lockedInBatch, queryBeside } from './deferred-writes';

interface RefundRow {
  id: string;
  seller_id: string;
  order_id: string;
  cause_type: RefundProps['causeType'];
  cause_id: string;
  amount: string;
  currency: string;
  state: RefundProps['state'];
  attempts: number;
  attempt_ends_by: Date | null;
  last_error: string | null;
  idempotency_key: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  version: number;
}

const REFUND_COLUMNS = `r.id, r.seller_id, r.order_id, r.cause_type, r.cause_id, r.amount, r.currency, r.state,
  r.attempts, r.attempt_ends_by, r.last_error, r.idempotency_key, r.created_at, r.updated_at, r.completed_at, r.version`;

/** The marketplace the refund's order came from (its posting link; null for the generic channel): the payment's route. */
const MARKETPLACE_OF_ORDER = `(SELECT p.marketplace FROM marketplace_links p WHERE p.kind = 'posting' AND p.local_id = r.order_id LIMIT 1)`;

function refundFromRow(row: RefundRow): Refund {
  return Refund.fromSnapshot({
    id: row.id,
    sellerId: row.seller_id,
    orderId: row.order_id,
    causeType: row.cause_type,
    causeId: row.cause_id,
    amount: { amount: Number(row.amount), currency: row.currency },
    state: row.state,
    attempts: row.attempts,
    attemptEndsBy: row.attempt_ends_by,
    lastError: row.last_error,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    version: row.version,
  });
}

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

  /**
   * A payment attempt's first statement: the refund, and the marketplace its order came from (its posting link;
   * null for the generic channel), which routes the payment — the router's own read of it, one statement more per
   * payment, is saved (docs/benchmarks.md, 28) — binding the transaction's correlation id too (the rows it writes
   * take it, migration 1765000000000-correlation-ids).
   */
  async findForAttempt(
    id: string,
    correlationId: string | null | undefined,
  ): Promise<{ refund: Refund; marketplace: string | null } | null> {
    const [row] = await this.manager.query(
      prepared(
        `SELECT ${REFUND_COLUMNS},
           ${MARKETPLACE_OF_ORDER} AS marketplace,
           set_config('aftersale.correlation_id', $2, true)
         FROM refunds r WHERE r.id = $1`,
      ),
      [id, correlationId ?? ''],
    );
    return row ? { refund: refundFromRow(row), marketplace: row.marketplace } : null;
  }

  /**
   * The refund with its order and the order's lines, the order locked (refunds of one order are settled under
   * its row lock, as they are issued), binding the correlation id too: what recording a payment's outcome reads,
   * in one statement instead of four (docs/benchmarks.md, 6). A refund changed meanwhile fails its versioned write
   * and the transaction is run again.
   */
  async findWithLockedOrder(
    id: string,
    correlationId: string | null | undefined,
  ): Promise<{ refund: Refund; order: Order } | null> {
    const [row] = await this.manager.query(
      prepared(`SELECT ${REFUND_COLUMNS}, ${ORDER_WITH_LINES_COLUMNS}, set_config('aftersale.correlation_id', $2, true)
       FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.id = $1 FOR UPDATE OF o`),
      [id, correlationId ?? ''],
    );
    if (!row) return null;
    const order = orderFromRow(row as OrderWithLinesRow);
    lockedInBatch(order.id);
    return { refund: refundFromRow(row as RefundRow), order };
  }

  /**
   * What issuing a refund reads, in one statement (docs/benchmarks.md, 9): whether the key names a refund already,
   * and what the order's refunds hold against `paid` (as `heldAmount`; call it with the order row locked). It reads
   * refunds only, so the writes a transaction has queued of other tables (the decision's order and request) stay
   * queued past it (docs/benchmarks.md, 22).
   */
  async issuedAndHeld(orderId: string, idempotencyKey: string): Promise<{ issued: Refund | null; held: number }> {
    const [row] = await queryBeside<(RefundRow & { held: string })[]>(
      this.manager,
      ['refunds'],
      prepared(`SELECT ${REFUND_COLUMNS},
              (SELECT COALESCE(SUM(h.amount), 0)::bigint FROM refunds h WHERE h.order_id = $1 AND h.state = ANY($2)) AS held
       FROM (SELECT 1) AS one LEFT JOIN refunds r ON r.idempotency_key = $3`),
      [orderId, REFUND_STATES_HOLDING_AMOUNT, idempotencyKey],
    );
    return { issued: row.id ? refundFromRow(row as RefundRow) : null, held: Number(row.held) };
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

/** A refund as its payment reads it before the call: the marketplace that routes it, the order it settles. */
export interface RefundForPayment {
  refund: Refund;
  marketplace: string | null;
  order: Order;
}

/**
 * The refund read outside a transaction, provided with `onDataSource`: what the first start of a `RefundCreated` job
 * reads before making the attempt its decision started (docs/benchmarks.md, 35).
 */
export class RefundAttemptRows {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The refund, the marketplace its order came from (as `RefundRepository.findForAttempt` reads it) and the order with
   * its lines, unlocked, in one statement: the outcome's transaction writes both with versioned updates, so one that
   * changed during the call fails its write and is read again, locked (docs/benchmarks.md, 37).
   */
  async find(id: string): Promise<RefundForPayment | null> {
    const [row] = await this.dataSource.query(
      prepared(
        `SELECT ${REFUND_COLUMNS}, ${ORDER_WITH_LINES_COLUMNS},
           ${MARKETPLACE_OF_ORDER} AS marketplace
         FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.id = $1`,
      ),
      [id],
    );
    return row
      ? {
          refund: refundFromRow(row as RefundRow),
          marketplace: row.marketplace,
          order: orderFromRow(row as OrderWithLinesRow),
        }
      : null;
  }
}
