import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropIfInvalid, replaceIndexConcurrently } from './1767460000000-orders-status-created-id';

const DELIVERIES = 'audit_events_seller_deliveries';
const DELIVERIES_ON = `audit_events (seller_id, at) INCLUDE (case_id) WHERE type = 'OrderDelivered'`;
const DECISIONS = 'audit_events_seller_decisions';

/**
 * Two partial indexes of audit events, each seller's by time, for the seller's dashboard (`GET /stats/seller`) and
 * ops' reliability report, which count over the last 30 days (docs/benchmarks.md, 55):
 *
 * - `audit_events_seller_deliveries`: orders delivered (`OrderDelivered`), with the order (`case_id`). It replaces
 *   migration 1767530000000's index of the same events by time alone, which served ops' report over every seller
 *   but would read every seller's deliveries for one seller's dashboard. The dashboard read the seller's every
 *   event of 30 days to find them (332,000 events, 0.3 s at 100,000 orders); the report now counts seller by seller.
 * - `audit_events_seller_decisions`: events leaving the states that wait for the seller (`awaiting_seller`,
 *   `requested`), with what the dashboard's decisions read (an index-only scan): the case, the event's type and its
 *   state before. The decisions were found through `audit_events_case`, every seller's cancellation and return
 *   events. Ops' reports find the return cases decided in their window through it too (56).
 *
 * Audit events are only ever inserted; an order adds one entry when it is delivered, a case one when it leaves a
 * waiting state. Built `CONCURRENTLY`, outside a transaction, as migration 1767460000000 explains.
 */
export class SellerHistoryIndexes1767540000000 implements MigrationInterface {
  name = 'SellerHistoryIndexes1767540000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await replaceIndexConcurrently(q, {
      build: DELIVERIES,
      on: DELIVERIES_ON,
      drop: 'audit_events_order_delivered_at',
    });
    await dropIfInvalid(q, DECISIONS);
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${DECISIONS} ON audit_events (seller_id, at)
        INCLUDE (case_type, case_id, type, from_state) WHERE from_state IN ('awaiting_seller', 'requested')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${DECISIONS}`);
    await replaceIndexConcurrently(q, {
      build: 'audit_events_order_delivered_at',
      on: `audit_events (at) INCLUDE (seller_id, case_id) WHERE case_type = 'order' AND to_state = 'delivered'`,
      drop: DELIVERIES,
    });
  }
}
