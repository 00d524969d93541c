import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropIfInvalid } from './1767460000000-orders-status-created-id';

/**
 * Every seller's orders newest first, an index of their own (docs/benchmarks.md, 79): ops' orders page, unfiltered in
 * its default order, reads it as a seller's page reads the seller's index. Read seller by seller instead
 * (`pageOfEverySeller`, section 50), a deep page took each seller's first rows and sorted them all: page 400 (from
 * row 10,000) 18.5 ms of PostgreSQL alone at 1.13 million orders of 202 sellers, 1.5 ms from this index; and what a
 * page cost grew with the number of sellers. Its price is one more index entry for each order written, the order's
 * insert and each update that changes its status (an update that changes no indexed column stays HOT).
 *
 * Built `CONCURRENTLY`, outside a transaction, as migration 1767460000000 explains; one a stopped build left invalid
 * is built again.
 */
export class OrdersCreatedId1767570000000 implements MigrationInterface {
  name = 'OrdersCreatedId1767570000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await dropIfInvalid(q, 'orders_created_id');
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_id ON orders (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS orders_created_id`);
  }
}
