import { EntityManager } from 'typeorm';
import { CancellationRequest, Order } from '@aftersale/domain';
import { CancellationRequestOrmEntity } from '../entities';
import { prepared } from './prepared';
import { ORDER_WITH_LINES_COLUMNS, orderFromRow, OrderWithLinesRow } from './order.repository';
import { writeVersioned } from './versioned-write';
import { lockedInBatch } from './deferred-writes';

/** The request's columns under the snapshot's names, `c` the table's alias: read without an entity (docs/benchmarks.md, 15). */
const REQUEST_COLUMNS = `c.id, c.seller_id AS "sellerId", c.order_id AS "orderId", c.posting_number AS "postingNumber",
    c.state, c.initiator, c.reason_id AS "reasonId", c.comment, c.deadline_at AS "deadlineAt", c.decided_at AS "decidedAt",
    c.decided_by AS "decidedBy", c.decision_reason_id AS "decisionReasonId", c.decision_comment AS "decisionComment",
    c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version`;

const FIND_REQUEST = `SELECT ${REQUEST_COLUMNS}
  FROM cancellation_requests c WHERE c.id = $1 AND ($2::uuid IS NULL OR c.seller_id = $2)`;

/**
 * A request and its order with its lines, both locked, in one statement (docs/benchmarks.md, 30). Locking the request
 * as well as the order makes PostgreSQL read the request's newest version when the order's lock had to wait for
 * another transaction, so it is current, as the read after the lock was. Every transaction that changes a request
 * locks its order first, so the request's lock never waits here.
 */
const FIND_REQUEST_WITH_LOCKED_ORDER = `SELECT ${REQUEST_COLUMNS}, ${ORDER_WITH_LINES_COLUMNS}
  FROM cancellation_requests c JOIN orders o ON o.id = c.order_id
  WHERE c.id = $1 AND ($2::uuid IS NULL OR c.seller_id = $2)
  FOR UPDATE OF o, c`;

export class CancellationRequestRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string, sellerId?: string | null): Promise<CancellationRequest | null> {
    const [row] = await this.manager.query(prepared(FIND_REQUEST), [id, sellerId ?? null]);
    return row ? CancellationRequest.fromSnapshot(row) : null;
  }

  /**
   * A decision's read (approve, reject, withdraw, the deadline): the request (of the seller, when given) and its
   * order, both locked, in one statement; null when there is no such request.
   */
  async findWithLockedOrder(
    id: string,
    sellerId?: string | null,
  ): Promise<{ request: CancellationRequest; order: Order } | null> {
    const [row] = (await this.manager.query(prepared(FIND_REQUEST_WITH_LOCKED_ORDER), [id, sellerId ?? null])) as
      (Record<string, unknown> & OrderWithLinesRow)[] | [];
    if (!row) return null;
    lockedInBatch(row.orderId as string);
    const requestProps = Object.fromEntries(Object.entries(row).filter(([column]) => !column.startsWith('o_')));
    return {
      request: CancellationRequest.fromSnapshot(
        requestProps as unknown as Parameters<typeof CancellationRequest.fromSnapshot>[0],
      ),
      order: orderFromRow(row),
    };
  }

  async save(request: CancellationRequest): Promise<CancellationRequestOrmEntity> {
    const row = { ...request.toSnapshot() };
    await writeVersioned(this.manager, CancellationRequestOrmEntity, 'CancellationRequest', row);
    return Object.assign(new CancellationRequestOrmEntity(), row, { version: row.version + 1 });
  }
}
