import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The orders' index for a status filter sorted by creation gets the id as its last column (docs/benchmarks.md, 26):
 * a deep page of such a list chooses its ids first (`queryPage`), and with the id in the index that is an index-only
 * scan; without it each skipped row was read from the table (`shipped`, rows 50,000–50,024 newest first: a parallel
 * sequential scan and a sort of the status's 116,000 orders, 875 ms; 12 ms with the id).
 *
 * Built `CONCURRENTLY`, outside a transaction (`transaction = false`): orders are written meanwhile, at the cost of
 * two scans of the table. Every migrator of the project runs one transaction per migration (`runMigrationsLocked`,
 * the bench's and the fault suite's `transaction: 'each'`); TypeORM refuses such a migration in one transaction for
 * all. An index such a build left invalid (the migration stopped halfway) is dropped and built again.
 */
export class OrdersStatusCreatedId1767460000000 implements MigrationInterface {
  name = 'OrdersStatusCreatedId1767460000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await replaceIndexConcurrently(q, {
      build: 'orders_seller_status_created_id',
      on: 'orders (seller_id, status, created_at DESC, id DESC)',
      drop: 'orders_seller_status_created',
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceIndexConcurrently(q, {
      build: 'orders_seller_status_created',
      on: 'orders (seller_id, status, created_at DESC)',
      drop: 'orders_seller_status_created_id',
    });
  }
}

/**
 * Builds one index and then drops another, both `CONCURRENTLY` (the migration's `transaction = false`): the table is
 * written meanwhile. An index of the new name a stopped build left invalid is dropped first, so that it is built again.
 */
export async function replaceIndexConcurrently(
  q: QueryRunner,
  { build, on, drop }: { build: string; on: string; drop: string },
): Promise<void> {
  await dropIfInvalid(q, build);
  await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${build} ON ${on}`);
  await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${drop}`);
}

/** Drops an index a `CONCURRENTLY` build left invalid (stopped halfway), so that it can be built again. */
export async function dropIfInvalid(q: QueryRunner, index: string): Promise<void> {
  const [{ invalid }] = await q.query(
    `SELECT count(*)::int AS invalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE c.relname = $1 AND NOT i.indisvalid`,
    [index],
  );
  if (invalid > 0) await q.query(`DROP INDEX CONCURRENTLY ${index}`);
}
