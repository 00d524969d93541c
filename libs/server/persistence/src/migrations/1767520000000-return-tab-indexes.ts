import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropIfInvalid } from './1767460000000-orders-status-created-id';

const INDEXES = {
  return_cases_seller_state_updated: 'return_cases (seller_id, state, updated_at DESC, id DESC)',
  return_cases_seller_state_deadline: 'return_cases (seller_id, state, next_deadline_at, id)',
};

/**
 * Each tab of the console's returns page read in its order from an index (docs/benchmarks.md, 49), as migration
 * 1767510000000 did for the cancellations. A tab is some states with a sort: to decide by the decision's deadline,
 * soonest first; the others by the last change. No index held either after the state, so the closed tab sorted all of
 * a seller's closed cases for every page (280–310 ms p95 at 86,000 of them).
 *
 * - `return_cases_seller_state_updated` (seller_id, state, updated_at DESC, id DESC): every change of a case now
 *   writes an entry (it sets `updated_at`, so it is no longer a HOT update). Cases change at a person's pace.
 * - `return_cases_seller_state_deadline` (seller_id, state, next_deadline_at, id).
 *
 * Built `CONCURRENTLY`, outside a transaction, as migration 1767460000000 explains: cases are written meanwhile.
 */
export class ReturnTabIndexes1767520000000 implements MigrationInterface {
  name = 'ReturnTabIndexes1767520000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (const [index, on] of Object.entries(INDEXES)) {
      await dropIfInvalid(q, index);
      await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${index} ON ${on}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of Object.keys(INDEXES)) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
  }
}
