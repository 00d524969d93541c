import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  createDataSource,
  dataSourceOptions,
  MIGRATIONS,
  OrderOrmEntity,
  whereOrderTextMatches,
} from '@aftersale/server/persistence';
import { TEST_DATABASE_BASE_URL } from './support/test-env';

/**
 * Migration 1767350000000-order-search on a database that already has orders (docs/benchmarks.md, 19): the search
 * table is filled from them, so that every order created before it is found as before, by any of its fields.
 */
describe('the order search table on an existing database', () => {
  const name = `${new URL(TEST_DATABASE_BASE_URL).pathname.slice(1)}_order_search_${process.env.JEST_WORKER_ID ?? 1}`;
  const admin = new Client({
    connectionString: Object.assign(new URL(TEST_DATABASE_BASE_URL), { pathname: '/postgres' }).toString(),
  });
  const url = Object.assign(new URL(TEST_DATABASE_BASE_URL), { pathname: `/${name}` }).toString();
  const before = MIGRATIONS.findIndex((migration) => migration.name === 'OrderSearch1767350000000');
  let dataSource: DataSource;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it("finds the orders written before it by posting number, buyer and SKU, the seller's own only", async () => {
    expect(before).toBeGreaterThan(0);
    const older = new DataSource({ ...dataSourceOptions(url, 1), migrations: MIGRATIONS.slice(0, before) } as never);
    await older.initialize();
    await older.runMigrations({ transaction: 'each' });
    const [seller, stranger] = [randomUUID(), randomUUID()];
    await older.query(`INSERT INTO sellers (id, name) VALUES ($1, 'Old shop'), ($2, 'Other shop')`, [seller, stranger]);
    const orders = [
      { id: randomUUID(), seller, posting: 'OLD-0001', buyer: 'Анна Смирнова', skus: ['CASE-9', 'CABLE-7'] },
      { id: randomUUID(), seller, posting: 'OLD-0002', buyer: 'Пётр Иванов', skus: ['CASE-9'] },
      { id: randomUUID(), seller: stranger, posting: 'OLD-0003', buyer: 'Анна Смирнова', skus: ['CABLE-7'] },
    ];
    for (const o of orders) {
      await older.query(
        `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
         VALUES ($1, $2, $3, 'delivered', $4, 1000, 'RUB', now(), now())`,
        [o.id, o.seller, o.posting, o.buyer],
      );
      await older.query(
        `INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount)
         SELECT $1, n, sku, 'Item', 1, 500 FROM unnest($2::text[]) WITH ORDINALITY AS l(sku, n)`,
        [o.id, o.skus],
      );
    }
    await older.destroy();

    dataSource = await createDataSource(url, 1).initialize();
    expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toContain(
      'OrderSearch1767350000000',
    );
    const found = async (text: string, sellerId: string | null) => {
      const qb = dataSource.getRepository(OrderOrmEntity).createQueryBuilder('o');
      if (sellerId) qb.andWhere('o.seller_id = :tenant', { tenant: sellerId });
      await whereOrderTextMatches(qb, text, 'f_q', 10000);
      return (await qb.orderBy('o.posting_number').getMany()).map((o) => o.postingNumber);
    };
    expect(await found('old-0001', seller)).toEqual(['OLD-0001']);
    expect(await found('анна смир', seller)).toEqual(['OLD-0001']);
    expect(await found('case-9', seller)).toEqual(['OLD-0001', 'OLD-0002']);
    expect(await found('cable-7', seller)).toEqual(['OLD-0001']);
    expect(await found('cable-7', null)).toEqual(['OLD-0001', 'OLD-0003']);
    expect(await found('old-0003', seller)).toEqual([]);
  });
});
