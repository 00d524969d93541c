import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropIfInvalid } from './1767460000000-orders-status-created-id';

const INDEX = 'audit_events_order_delivered_at';

/**
 * Ops' seller reliability report counts each seller's orders delivered in the last 30 days from their
 * `OrderDelivered` audit events (docs/operations.md "Seller reliability"). No index held them: the count read every
 * audit event, 346 ms of the report's 0.95 s at 3.27 million events (docs/benchmarks.md, 54). This partial index
 * holds only the deliveries of orders, by time, with what the count reads (an index-only scan: 8 ms for 48,000 of
 * them). Audit events are only ever inserted, and only a delivery adds an entry, once per order.
 *
 * Built `CONCURRENTLY`, outside a transaction, as migration 1767460000000 explains: events are written meanwhile.
 */
export class OrderDeliveriesIndex1767530000000 implements MigrationInterface {
  name = 'OrderDeliveriesIndex1767530000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await dropIfInvalid(q, INDEX);
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${INDEX} ON audit_events (at) INCLUDE (seller_id, case_id)
        WHERE case_type = 'order' AND to_state = 'delivered'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${INDEX}`);
  }
}
