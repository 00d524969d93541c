import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobSubjects, OrderOrmEntity, whereOrderTextMatches } from '@aftersale/server/persistence';
import { databaseBefore } from './support/database-before';

/** Those of the named indexes that exist, with whether they are valid and their definitions. */
function indexesNamed(
  dataSource: DataSource,
  names: string[],
): Promise<{ name: string; valid: boolean; definition: string }[]> {
  return dataSource.query(
    `SELECT c.relname AS name, i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE c.relname = ANY($1)`,
    [names],
  );
}

/**
 * Migration 1767350000000-order-search on a database that already has orders (docs/benchmarks.md, 19): the search
 * table is filled from them, so that every order created before it is found as before, by any of its fields.
 */
/**
 * A page of the orders matching `text` (of `sellerId`, or every seller's), newest first, chosen in the search table
 * as the orders list does; `matches` is the number of matches each row of the page carries.
 */
async function searchPageNewestFirst(
  dataSource: DataSource,
  text: string,
  sellerId: string | null,
  start: number,
  take: number,
): Promise<{ postings: string[]; matches: number[] }> {
  const qb = dataSource.getRepository(OrderOrmEntity).createQueryBuilder('o');
  if (sellerId) qb.andWhere('o.seller_id = :tenant', { tenant: sellerId });
  const count = await whereOrderTextMatches(
    qb,
    text,
    'f_q',
    { code: 10000, other: 10000 },
    { sort: 'o.created_at', direction: 'DESC', start, take },
  );
  expect(count?.paged).toBe(true);
  const { entities, raw } = await qb
    .addSelect(count!.withPage!, 'matches')
    .orderBy('o.created_at', 'DESC')
    .addOrderBy('o.id', 'DESC')
    .getRawAndEntities();
  return { postings: entities.map((o) => o.postingNumber), matches: raw.map((r) => Number(r.matches)) };
}

describe('the order search table on an existing database', () => {
  const database = databaseBefore('order_search', 'OrderSearch1767350000000');

  it("finds the orders written before it by posting number, buyer and SKU, the seller's own only", async () => {
    const older = await database.older();
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

    const dataSource = await database.migrateRest();
    const found = async (text: string, sellerId: string | null) => {
      const qb = dataSource.getRepository(OrderOrmEntity).createQueryBuilder('o');
      if (sellerId) qb.andWhere('o.seller_id = :tenant', { tenant: sellerId });
      await whereOrderTextMatches(qb, text, 'f_q', { code: 10000, other: 10000 });
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

/**
 * Migration 1767400000000-order-search-created-at on a database that already has search rows (docs/benchmarks.md,
 * 21): each row gets its order's creation time, so that a search sorts and pages there as the orders list does.
 */
describe("the order search table with the orders' creation times, on an existing database", () => {
  const database = databaseBefore('order_search_created', 'OrderSearchCreatedAt1767400000000');

  const insertOrder = (db: DataSource, o: { id: string; seller: string; posting: string; daysAgo: number }) =>
    db.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       VALUES ($1, $2, $3, 'delivered', 'Анна Смирнова', 1000, 'RUB', now() - $4 * interval '1 day', now())`,
      [o.id, o.seller, o.posting, o.daysAgo],
    );
  const insertLine = (db: DataSource, orderId: string, sku: string) =>
    db.query(
      `INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount) VALUES ($1, 1, $2, 'Item', 1, 500)`,
      [orderId, sku],
    );

  it('gives the rows of orders written before it their creation times, and pages a search by them newest first', async () => {
    const older = await database.older();
    const seller = randomUUID();
    await older.query(`INSERT INTO sellers (id, name) VALUES ($1, 'Old shop')`, [seller]);
    // created in another order than their creation times
    const orders = [
      { id: randomUUID(), seller, posting: 'OLD-0002', daysAgo: 2 },
      { id: randomUUID(), seller, posting: 'OLD-0003', daysAgo: 3 },
      { id: randomUUID(), seller, posting: 'OLD-0001', daysAgo: 1 },
    ];
    for (const o of orders) {
      await insertOrder(older, o);
      await insertLine(older, o.id, 'CASE-9');
    }
    await older.destroy();

    const dataSource = await database.migrateRest();
    const newest = { id: randomUUID(), seller, posting: 'NEW-0000', daysAgo: 0 };
    await insertOrder(dataSource, newest);
    await insertLine(dataSource, newest.id, 'CASE-9');

    const [{ rows, stale }] = await dataSource.query(
      `SELECT count(*)::int AS rows, count(*) FILTER (WHERE s.created_at IS DISTINCT FROM o.created_at)::int AS stale
         FROM order_search s JOIN orders o ON o.id = s.order_id`,
    );
    expect({ rows, stale }).toEqual({ rows: 12, stale: 0 }); // posting number, buyer and SKU of each of 4 orders
    const page = async (start: number, take: number) => {
      const { postings, matches } = await searchPageNewestFirst(dataSource, 'case-9', seller, start, take);
      return { postings, total: matches[0] };
    };
    expect(await page(0, 2)).toEqual({ postings: ['NEW-0000', 'OLD-0001'], total: 4 });
    expect(await page(2, 2)).toEqual({ postings: ['OLD-0002', 'OLD-0003'], total: 4 });
  });
});

/**
 * Migration 1767450000000-order-search-texts on a database that already has search rows (docs/benchmarks.md, 27):
 * each distinct text once in `order_search_texts`, `order_search` linking it to its orders; orders written before
 * and after it are found alike, by every field, in creation order, and a posting number changed by hand by its new
 * text only.
 */
describe('the order search texts each once, on an existing database', () => {
  const database = databaseBefore('order_search_texts', 'OrderSearchTexts1767450000000');

  const insertOrder = (
    db: DataSource,
    o: { id: string; seller: string; posting: string; buyer: string; daysAgo: number; skus: string[] },
  ) =>
    db.query(
      `WITH o AS (
         INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
         VALUES ($1, $2, $3, 'delivered', $4, 1000, 'RUB', now() - $5 * interval '1 day', now()) RETURNING id)
       INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount)
       SELECT o.id, n, sku, 'Item', 1, 500 FROM o, unnest($6::text[]) WITH ORDINALITY AS l(sku, n)`,
      [o.id, o.seller, o.posting, o.buyer, o.daysAgo, o.skus],
    );

  it("finds the orders written before and after it by every field, the seller's own only, newest first", async () => {
    const older = await database.older();
    const [seller, stranger] = [randomUUID(), randomUUID()];
    await older.query(`INSERT INTO sellers (id, name) VALUES ($1, 'Old shop'), ($2, 'Other shop')`, [seller, stranger]);
    const before = [
      {
        id: randomUUID(),
        seller,
        posting: 'OLD-0001',
        buyer: 'Анна Смирнова',
        daysAgo: 3,
        skus: ['CASE-9', 'CABLE-7'],
      },
      { id: randomUUID(), seller, posting: 'OLD-0002', buyer: 'Пётр Иванов', daysAgo: 2, skus: ['case-9'] },
      {
        id: randomUUID(),
        seller: stranger,
        posting: 'OLD-0003',
        buyer: 'Анна Смирнова',
        daysAgo: 1,
        skus: ['CABLE-7'],
      },
    ];
    for (const o of before) await insertOrder(older, o);
    await older.destroy();

    const dataSource = await database.migrateRest();
    const [{ texts, distinct }] = await dataSource.query(
      `SELECT count(*)::int AS texts, count(DISTINCT text)::int AS distinct FROM order_search_texts`,
    );
    // three posting numbers, two names, two SKUs (CASE-9 and case-9 are one text)
    expect({ texts, distinct }).toEqual({ texts: 7, distinct: 7 });
    // after it: an old SKU and a new one, through the triggers
    const after = {
      id: randomUUID(),
      seller,
      posting: 'NEW-0004',
      buyer: 'Анна Смирнова',
      daysAgo: 0,
      skus: ['CASE-9', 'NEW-5'],
    };
    await insertOrder(dataSource, after);

    const found = async (text: string, sellerId: string | null) => {
      const { postings, matches } = await searchPageNewestFirst(dataSource, text, sellerId, 0, 10);
      expect(matches.every((n) => n === postings.length)).toBe(true);
      return postings;
    };
    expect(await found('old-0001', seller)).toEqual(['OLD-0001']);
    expect(await found('анна смир', seller)).toEqual(['NEW-0004', 'OLD-0001']);
    expect(await found('case-9', seller)).toEqual(['NEW-0004', 'OLD-0002', 'OLD-0001']);
    expect(await found('cable-7', seller)).toEqual(['OLD-0001']);
    expect(await found('cable-7', null)).toEqual(['OLD-0003', 'OLD-0001']);
    expect(await found('new-5', seller)).toEqual(['NEW-0004']);
    expect(await found('old-0003', seller)).toEqual([]);
    // a posting number changed by hand: found by its new text only
    await dataSource.query(`UPDATE orders SET posting_number = 'RENAMED-0002' WHERE id = $1`, [before[1].id]);
    expect(await found('renamed-0002', seller)).toEqual(['RENAMED-0002']);
    expect(await found('old-0002', seller)).toEqual([]);
    expect(await found('case-9', seller)).toEqual(['NEW-0004', 'RENAMED-0002', 'OLD-0001']);
  });
});

/**
 * Migration 1767460000000-orders-status-created-id (docs/benchmarks.md, 26), built concurrently outside a transaction:
 * the status filter's index gets the id, replacing the one without it, and an index an earlier attempt left invalid
 * is built again rather than kept.
 */
describe("the orders' status index with the id, on an existing database", () => {
  const database = databaseBefore('orders_status_created_id', 'OrdersStatusCreatedId1767460000000');

  it('replaces the index without the id and rebuilds one a stopped build left invalid', async () => {
    const older = await database.older();
    const seller = randomUUID();
    await older.query(`INSERT INTO sellers (id, name) VALUES ($1, 'Old shop')`, [seller]);
    await older.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'OLD-' || n, 'pending', 'Buyer', 1000, 'RUB', now(), now()
         FROM generate_series(1, 50) AS n`,
      [seller],
    );
    // as a `CREATE INDEX CONCURRENTLY` stopped halfway leaves it: present, invalid, of the wrong columns
    await older.query(`CREATE INDEX orders_seller_status_created_id ON orders (seller_id)`);
    await older.query(
      `UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'orders_seller_status_created_id'::regclass`,
    );
    await older.destroy();

    const dataSource = await database.migrateRest();
    expect(await indexesNamed(dataSource, ['orders_seller_status_created', 'orders_seller_status_created_id'])).toEqual(
      [
        {
          name: 'orders_seller_status_created_id',
          valid: true,
          definition: expect.stringContaining('(seller_id, status, created_at DESC, id DESC)'),
        },
      ],
    );
  });
});

/**
 * Migration 1767490000000-orders-posting-number-lower (docs/benchmarks.md, 45): ops' job search finds a posting number
 * in any case by an index of its own, which takes the place of the unused `lower(buyer_name)` index.
 */
describe("the orders' posting-number index for ops' job search, on an existing database", () => {
  const database = databaseBefore('orders_posting_number_lower', 'OrdersPostingNumberLower1767490000000');

  it('builds the index the search compares with, drops the one nothing read, and the search finds an order in any case', async () => {
    const older = await database.older();
    const seller = randomUUID();
    await older.query(`INSERT INTO sellers (id, name) VALUES ($1, 'Old shop')`, [seller]);
    const [{ id }] = await older.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'OLD-0007', 'pending', 'Buyer', 1000, 'RUB', now(), now()) RETURNING id`,
      [seller],
    );
    await older.destroy();

    const dataSource = await database.migrateRest();
    expect(await indexesNamed(dataSource, ['orders_buyer_name_lower', 'orders_posting_number_lower'])).toEqual([
      {
        name: 'orders_posting_number_lower',
        valid: true,
        definition: expect.stringContaining('(lower(posting_number))'),
      },
    ]);
    expect([...(await new JobSubjects(dataSource).of('old-0007'))]).toEqual([id]);
  });
});
