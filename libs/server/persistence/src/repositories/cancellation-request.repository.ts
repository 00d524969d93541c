import { EntityManager } from 'typeorm';
import { CancellationRequest } from '@aftersale/domain';
import { CancellationRequestOrmEntity } from '../entities';
import { prepared } from './prepared';
import { writeVersioned } from './versioned-write';

/** The request's columns under the snapshot's names: read without an entity, one prepared statement (docs/benchmarks.md, 15). */
const FIND_REQUEST = `SELECT id, seller_id AS "sellerId", order_id AS "orderId", posting_number AS "postingNumber", state,
    initiator, reason_id AS "reasonId", comment, deadline_at AS "deadlineAt", decided_at AS "decidedAt",
    decided_by AS "decidedBy", decision_reason_id AS "decisionReasonId", decision_comment AS "decisionComment",
    created_at AS "createdAt", updated_at AS "updatedAt", version
  FROM cancellation_requests WHERE id = $1 AND ($2::uuid IS NULL OR seller_id = $2)`;

export class CancellationRequestRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string, sellerId?: string | null): Promise<CancellationRequest | null> {
    const [row] = await this.manager.query(prepared(FIND_REQUEST), [id, sellerId ?? null]);
    return row ? CancellationRequest.fromSnapshot(row) : null;
  }

  async save(request: CancellationRequest): Promise<CancellationRequestOrmEntity> {
    const row = { ...request.toSnapshot() };
    await writeVersioned(this.manager, CancellationRequestOrmEntity, 'CancellationRequest', row);
    return Object.assign(new CancellationRequestOrmEntity(), row, { version: row.version + 1 });
  }
}
