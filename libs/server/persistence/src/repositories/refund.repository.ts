import { DataSource, EntityManager } from 'typeorm';
import { REFUND_STATES_HOLDING_AMOUNT } from '@aftersale/contracts';
import { Order, Refund, RefundProps } from '@aftersale/domain';
import { RefundOrmEntity } from '../entities';
import { versionWritten, writeVersioned } from './versioned-write';
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

/** The marketplace an order came from (its posting link; null for the generic channel): its refunds' payment route. */
function marketplaceOfOrder(orderId: string): string {
  return `(SELECT p.marketplace FROM marketplace_links p WHERE p.kind = 'posting' AND p.local_id = ${orderId} LIMIT 1)`;
}
const MARKETPLACE_OF_ORDER = marketplaceOfOrder('r.order_id');

/**
 * What issuing a refund reads of the order `$1`: the refund the cause's key `$3` names, if any, what the order's
 * refunds hold, and the order's marketplace.
 */
const ISSUED_AND_HELD = `SELECT ${REFUND_COLUMNS},
     (SELECT COALESCE(SUM(h.amount), 0)::bigint FROM refunds h WHERE h.order_id = $1 AND h.state = ANY($2)) AS held,
     ${marketplaceOfOrder('$1::uuid')} AS route
   FROM (SELECT 1) AS one LEFT JOIN refunds r ON r.idempotency_key = $3`;

/** What issuing a refund reads (`RefundRepository.issuedAndHeld`). */
export interface IssuedAndHeld {
  /** the refund the cause's key names already, if any */
  issued: Refund | null;
  /** what the order's refunds hold against its payment, minor units */
  held: number;
  /** the marketplace the order came from: the payment's route */
  marketplace: string | null;
}

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
   * what the order's refunds hold against `paid` (as `heldAmount`; call it with the order row locked), and the
   * marketplace the order came from, which routes the new refund's payment (handed to its first attempt with
   * `asWritten`, docs/benchmarks.md, 61). It reads refunds and links only, so the writes a transaction has queued of
   * other tables (the decision's order and request) stay queued past it (docs/benchmarks.md, 22).
   */
  async issuedAndHeld(orderId: string, idempotencyKey: string): Promise<IssuedAndHeld> {
    const [row] = await queryBeside<(RefundRow & { held: string; route: string | null })[]>(
      this.manager,
      ['refunds', 'marketplace_links'],
      prepared(ISSUED_AND_HELD),
      [orderId, REFUND_STATES_HOLDING_AMOUNT, idempotencyKey],
    );
    return { issued: row.id ? refundFromRow(row) : null, held: Number(row.held), marketplace: row.route };
  }

  /**
   * A refund this transaction issued and its order, as their rows stand once it commits: each with the version this
   * transaction wrote it with (the order as it was read if it wrote none), so that the refund's first attempt can
   * pay it without reading it again and write its outcome over it (docs/benchmarks.md, 61).
   */
  asWritten(refund: Refund, order: Order, marketplace: string | null): RefundForPayment {
    const committed = <P extends { id: string; version: number }>(name: string, props: P): P => ({
      ...props,
      version: versionWritten(this.manager, name, props.id) ?? props.version,
    });
    return {
      refund: Refund.fromSnapshot(committed('Refund', refund.toSnapshot())),
      order: Order.fromSnapshot(committed('Order', order.toSnapshot())),
      marketplace,
    };
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
