import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the console's lists at a million rows (docs/benchmarks.md, issue 10):
 * - every sort a list offers ends with the id as tie-breaker, so the page is read in index order instead of
 *   sorting all the seller's rows: (seller_id, created_at DESC, id DESC) replaces (seller_id, created_at DESC)
 *   on orders, and update time and status get theirs; returns and refunds get (seller_id, created_at, id);
 * - the `q` filters (`lower(column) LIKE '%text%'`) are served by trigram GIN indexes when PostgreSQL has the
 *   pg_trgm extension (it ships with PostgreSQL and the managed services); without it they stay sequential scans.
 */
export class ListIndexes1766100000000 implements MigrationInterface {
  name = 'ListIndexes1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX orders_seller_created_id ON orders (seller_id, created_at DESC, id DESC);
      DROP INDEX orders_seller_created;
      CREATE INDEX orders_seller_updated_id ON orders (seller_id, updated_at DESC, id DESC);
      CREATE INDEX orders_seller_status_id ON orders (seller_id, status, id);
      CREATE INDEX return_cases_seller_created_id ON return_cases (seller_id, created_at DESC, id DESC);
      CREATE INDEX refunds_seller_created_id ON refunds (seller_id, created_at DESC, id DESC);
    `);
    const [{ available }] = await q.query(
      `SELECT count(*)::int AS available FROM pg_available_extensions WHERE name = 'pg_trgm'`,
    );
    if (available === 0) return;
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX orders_posting_number_trgm ON orders USING gin (lower(posting_number) gin_trgm_ops);
      CREATE INDEX orders_buyer_name_trgm ON orders USING gin (lower(buyer_name) gin_trgm_ops);
      CREATE INDEX order_lines_sku_trgm ON order_lines USING gin (lower(sku) gin_trgm_ops);
      CREATE INDEX cancellation_requests_posting_number_trgm ON cancellation_requests USING gin (lower(posting_number) gin_trgm_ops);
      CREATE INDEX return_cases_posting_number_trgm ON return_cases USING gin (lower(posting_number) gin_trgm_ops);
      CREATE INDEX return_cases_tracking_number_trgm ON return_cases USING gin (lower(tracking_number) gin_trgm_ops);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS orders_posting_number_trgm, orders_buyer_name_trgm, order_lines_sku_trgm,
        cancellation_requests_posting_number_trgm, return_cases_posting_number_trgm, return_cases_tracking_number_trgm;
      CREATE INDEX orders_seller_created ON orders (seller_id, created_at DESC);
      DROP INDEX orders_seller_created_id, orders_seller_updated_id, orders_seller_status_id,
        return_cases_seller_created_id, refunds_seller_created_id;
    `);
  }
}
