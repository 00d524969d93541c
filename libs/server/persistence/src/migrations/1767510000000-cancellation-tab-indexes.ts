import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropIfInvalid, replaceIndexConcurrently } from './1767460000000-orders-status-created-id';

/**
 * Each tab of the console's cancellations page read in its order from an index (docs/benchmarks.md, 48). A tab is a
 * state filter with a sort: waiting by deadline, approved and rejected by the decision's time, last first. No index
 * held the decision's time, so the approved tab sorted all of a seller's approved requests for every page (300 ms p95
 * at 128,000 of them), and the waiting tab's index lacked the id that breaks ties in the list's order.
 *
 * - `cancellation_requests_seller_state_decided` (seller_id, state, decided_at DESC, id DESC), new: every decision
 *   writes one more index entry.
 * - `cancellation_requests_seller_state_deadline_id` (seller_id, state, deadline_at, id) in place of
 *   `cancellation_requests_seller_state_deadline` (seller_id, state, deadline_at), which serves whatever the old one
 *   served.
 *
 * Built and dropped `CONCURRENTLY`, outside a transaction, as migration 1767460000000 explains: requests are written
 * meanwhile.
 */
export class CancellationTabIndexes1767510000000 implements MigrationInterface {
  name = 'CancellationTabIndexes1767510000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await dropIfInvalid(q, 'cancellation_requests_seller_state_decided');
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS cancellation_requests_seller_state_decided
         ON cancellation_requests (seller_id, state, decided_at DESC, id DESC)`,
    );
    await replaceIndexConcurrently(q, {
      build: 'cancellation_requests_seller_state_deadline_id',
      on: 'cancellation_requests (seller_id, state, deadline_at, id)',
      drop: 'cancellation_requests_seller_state_deadline',
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceIndexConcurrently(q, {
      build: 'cancellation_requests_seller_state_deadline',
      on: 'cancellation_requests (seller_id, state, deadline_at)',
      drop: 'cancellation_requests_seller_state_deadline_id',
    });
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS cancellation_requests_seller_state_decided`);
  }
}
