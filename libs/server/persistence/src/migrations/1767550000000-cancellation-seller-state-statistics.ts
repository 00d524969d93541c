import { MigrationInterface, QueryRunner } from 'typeorm';

const STATISTICS = 'cancellation_requests_seller_state';

/**
 * Extended statistics of a cancellation request's seller and state together (a most-common-values list of the pairs):
 * how many requests of a seller are in a state. Without them PostgreSQL multiplies the seller's share of the table by
 * the state's, and one seller's waiting requests, a few thousand, were estimated at the table's fifty thousand. With
 * time-ordered ids (docs/architecture.md "Ids") the partial index of the waiting requests by order
 * (`cancellation_requests_one_open_per_order`) follows the table's order, so reading it looked cheap, and the count
 * of the seller's waiting tab read every seller's waiting requests there to find the seller's 6,000: 12 ms of
 * PostgreSQL's CPU a request against 1.2 (docs/benchmarks.md, 71). With the pairs counted, the estimate is the seller's
 * own and the count reads the seller's range of `cancellation_requests_seller_state_deadline_id`, index only.
 * `ANALYZE` (autovacuum's, or the one here) fills them.
 */
export class CancellationSellerStateStatistics1767550000000 implements MigrationInterface {
  name = 'CancellationSellerStateStatistics1767550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE STATISTICS IF NOT EXISTS ${STATISTICS} (mcv) ON seller_id, state FROM cancellation_requests`);
    await q.query(`ANALYZE cancellation_requests`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP STATISTICS IF EXISTS ${STATISTICS}`);
  }
}
