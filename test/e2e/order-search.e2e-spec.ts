import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  as,
  contentRangeTotal,
  createOps,
  createTenant,
  listQuery,
  ok,
  orderBody,
  eventually,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * The orders list's `q` (docs/api.md "Reading"): part of a posting number, a buyer's name or a line's SKU, in any
 * case. A rare text is found in the search table written once per order (migration 1767350000000-order-search), a
 * common one by walking the seller's orders and reading their search column (1767200000000-orders-search-text):
 * both must give the same orders (docs/benchmarks.md, 19).
 */
describe('searching orders', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;
  const tag = randomUUID().slice(0, 8).toUpperCase();

  const search = (t: TenantFixture, q: string, range: [number, number] = [0, 24]) =>
    as(stack, { token: t.agent }).get(`/orders${listQuery({ filter: { q }, sort: ['createdAt', 'DESC'], range })}`);
  const create = async (t: TenantFixture, overrides: Record<string, unknown>) =>
    ok(await as(stack, { key: t.channelKey }).post('/orders', orderBody(overrides)), 201);

  beforeAll(async () => {
    stack = await startStack();
    [tenant, other] = await Promise.all([createTenant(stack), createTenant(stack)]);
  });
  afterAll(() => stack.close());

  it("finds an order by part of its posting number, its buyer's name or a line's SKU, in any case, and only the seller's own", async () => {
    const mine = await create(tenant, {
      postingNumber: `PN-${tag}-0001`,
      buyer: { name: `Анна ${tag} Смирнова`, email: 'anna@example.test' },
      lines: [
        { sku: `CASE-${tag}`, name: 'Case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } },
        { sku: `CABLE-${tag}`, name: 'Cable', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } },
      ],
    });
    const theirs = await create(other, {
      postingNumber: `PN-${tag}-0002`,
      buyer: { name: `Анна ${tag}`, email: 'anna@example.test' },
    });
    const found = async (t: TenantFixture, q: string) => ok(await search(t, q)).map((o: { id: string }) => o.id);

    expect(await found(tenant, `pn-${tag.toLowerCase()}-0001`)).toEqual([mine.id]);
    expect(await found(tenant, `${tag}-00`)).toEqual([mine.id]);
    expect(await found(tenant, `анна ${tag}`)).toEqual([mine.id]);
    expect(await found(tenant, `${tag} СМИРНОВА`)).toEqual([mine.id]);
    expect(await found(tenant, `cable-${tag}`)).toEqual([mine.id]); // the second line's SKU
    expect(await found(other, `cable-${tag}`)).toEqual([]);
    expect(await found(other, `pn-${tag}`)).toEqual([theirs.id]);
    expect(await found(tenant, `${tag}%`)).toEqual([]); // % and _ are text, not patterns
  });

  it('an order is still found by its posting number, buyer and SKU after its status changed (the search rows are written once)', async () => {
    const body = orderBody({
      postingNumber: `MOVED-${tag}-1`,
      buyer: { name: `Moved ${tag} Buyer`, email: 'moved@example.test' },
      lines: [{ sku: `MOVED-SKU-${tag}`, name: 'Case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } }],
      paid: { amount: 50000, currency: 'RUB' },
    });
    const id = await orderInStatus(stack, tenant, 'delivered', body);
    for (const q of [`moved-${tag}-1`, `moved ${tag} buyer`, `moved-sku-${tag}`]) {
      const page = ok(await search(tenant, q));
      expect(page.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([[id, 'delivered']]);
    }
  });

  it("ops find any seller's orders; a seller only its own", async () => {
    const ops = await createOps(stack);
    const sku = `SHARED-${tag}`;
    const line = { sku, name: 'Case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } };
    const paid = { amount: 50000, currency: 'RUB' };
    const a = await create(tenant, { lines: [line], paid });
    const b = await create(other, { lines: [line], paid });
    const ids = async (token: string) =>
      ok(
        await as(stack, { token }).get(
          `/orders${listQuery({ filter: { q: sku.toLowerCase() }, sort: ['createdAt', 'ASC'] })}`,
        ),
      ).map((o: { id: string }) => o.id);
    expect(await ids(tenant.agent)).toEqual([a.id]);
    expect(await ids(other.agent)).toEqual([b.id]);
    expect(await ids(ops)).toEqual([a.id, b.id]);
  });

  it('a full page of a search counts its matches: alone from the search table, with a status filter as well through the orders', async () => {
    const sku = `COUNTED-${tag}`;
    const body = () =>
      orderBody({
        lines: [
          { sku, name: 'Case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } },
          // the same SKU twice on one order is one match
          { sku, name: 'Case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } },
        ],
      });
    await orderInStatus(stack, tenant, 'processing', body());
    for (let n = 0; n < 2; n++) await create(tenant, body());
    const agent = as(stack, { token: tenant.agent });
    const alone = await search(tenant, sku, [0, 0]);
    expect(ok(alone)).toHaveLength(1);
    expect(alone.headers['content-range']).toBe('orders 0-0/3');
    const pending = await agent.get(
      `/orders${listQuery({ filter: { q: sku, status: 'pending' }, sort: ['createdAt', 'DESC'], range: [0, 0] })}`,
    );
    expect(ok(pending)).toHaveLength(1);
    expect(pending.headers['content-range']).toBe('orders 0-0/2');
  });

  it("a search's pages, sorted by creation or id in the search table, are the orders' own order, each page its own rows", async () => {
    const sku = `PAGED-${tag}`;
    const line = { sku, name: 'Case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } };
    const created: string[] = [];
    // one of them also has the text in its posting number: one order, two search rows
    for (let n = 0; n < 5; n++)
      created.push(
        (
          await create(tenant, {
            lines: [line],
            paid: line.unitPrice,
            ...(n === 2 ? { postingNumber: `${sku}-PN` } : {}),
          })
        ).id,
      );
    // the orders' own order, as PostgreSQL sorts them (their times have microseconds)
    const byCreation = (
      await stack.dataSource.query(`SELECT id FROM orders WHERE id = ANY($1) ORDER BY created_at, id`, [created])
    ).map((o: { id: string }) => o.id);
    const agent = as(stack, { token: tenant.agent });
    const pages = async (sort: [string, string]) => {
      const ids: string[] = [];
      for (const range of [
        [0, 1],
        [2, 3],
        [4, 5],
      ]) {
        const page = await agent.get(`/orders${listQuery({ filter: { q: sku.toLowerCase() }, sort, range })}`);
        expect(page.headers['content-range']).toBe(`orders ${range[0]}-${Math.min(range[1], 4)}/5`);
        ids.push(...ok(page).map((o: { id: string }) => o.id));
      }
      return ids;
    };
    expect(await pages(['createdAt', 'DESC'])).toEqual([...byCreation].reverse());
    expect(await pages(['createdAt', 'ASC'])).toEqual(byCreation);
    expect(await pages(['id', 'ASC'])).toEqual([...created].sort());
    // a sort the search table does not hold reads the matching orders: the same orders
    expect([...(await pages(['postingNumber', 'ASC']))].sort()).toEqual([...created].sort());
  });

  it('an order whose posting number or creation time is changed by hand is found by its new one, in its new place', async () => {
    const sku = `BYHAND-${tag}`;
    const line = { sku, name: 'Case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } };
    const older = await create(tenant, { lines: [line], paid: line.unitPrice });
    const newer = await create(tenant, { lines: [line], paid: line.unitPrice, postingNumber: `OLDPN-${tag}` });
    const ids = async (q: string) => ok(await search(tenant, q)).map((o: { id: string }) => o.id);
    // page by page: each page is chosen in the search table by the creation time it holds
    const onePerPage = async (q: string) => [
      ...ok(await search(tenant, q, [0, 0])).map((o: { id: string }) => o.id),
      ...ok(await search(tenant, q, [1, 1])).map((o: { id: string }) => o.id),
    ];
    await stack.dataSource.query(`UPDATE orders SET created_at = now() + interval '1 day' WHERE id = $1`, [older.id]);
    expect(await onePerPage(sku)).toEqual([older.id, newer.id]);
    await stack.dataSource.query(`UPDATE orders SET posting_number = $2 WHERE id = $1`, [newer.id, `NEWPN-${tag}`]);
    expect(await ids(`newpn-${tag}`)).toEqual([newer.id]);
    expect(await ids(`oldpn-${tag}`)).toEqual([]);
    expect(await onePerPage(sku)).toEqual([older.id, newer.id]); // its SKU row written again with the rest
  });

  it('two orders created at once with the same new SKU are both found by it (its text is written once)', async () => {
    const sku = `SAME-${tag}`;
    const insert = (client: Client, posting: string) =>
      client.query(
        `WITH o AS (
           INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
           VALUES (gen_random_uuid(), $1, $2, 'pending', 'Buyer', 1000, 'RUB', now(), now()) RETURNING id)
         INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount)
         SELECT o.id, 1, $3, 'Item', 1, 1000 FROM o`,
        [tenant.sellerId, posting, sku],
      );
    const [first, second] = [TEST_DATABASE_URL, TEST_DATABASE_URL].map((url) => new Client({ connectionString: url }));
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query('BEGIN');
      await insert(first, `SAME-${tag}-1`);
      await second.query('BEGIN');
      const [{ pid }] = (await second.query('SELECT pg_backend_pid() AS pid')).rows;
      const secondInsert = insert(second, `SAME-${tag}-2`);
      // the second waits for the first, which inserted the same new text, to end
      await eventually(async () => {
        const [row] = await stack.dataSource.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [
          pid,
        ]);
        return row?.wait_event_type === 'Lock';
      });
      await first.query('COMMIT');
      await secondInsert;
      await second.query('COMMIT');
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    expect(ok(await search(tenant, sku)).map((o: { postingNumber: string }) => o.postingNumber)).toEqual([
      `SAME-${tag}-2`,
      `SAME-${tag}-1`,
    ]);
    const [{ texts }] = await stack.dataSource.query(
      `SELECT count(*)::int AS texts FROM order_search_texts WHERE text = $1`,
      [sku.toLowerCase()],
    );
    expect(texts).toBe(1);
  });

  it('the total is exact where the list ends on the page asked for, and counted when the page is full', async () => {
    for (let n = 0; n < 3; n++)
      await create(tenant, { buyer: { name: `Total ${tag} ${n}`, email: 'total@example.test' } });
    const all = await search(tenant, `total ${tag}`);
    expect(ok(all)).toHaveLength(3);
    expect(all.headers['content-range']).toBe('orders 0-2/3');
    const full = await search(tenant, `total ${tag}`, [0, 1]);
    expect(ok(full)).toHaveLength(2);
    expect(full.headers['content-range']).toBe('orders 0-1/3');
    const last = await search(tenant, `total ${tag}`, [2, 3]);
    expect(ok(last)).toHaveLength(1);
    expect(last.headers['content-range']).toBe('orders 2-2/3');
  });

  it('a search PostgreSQL expects to match over 1,000 orders answers the newest page with its estimate as the total', async () => {
    const many = await createTenant(stack);
    await stack.dataSource.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'MANY-' || n, 'pending', 'Common Name ' || $2, 1000, 'RUB',
              now() - n * interval '1 second', now()
         FROM generate_series(1, 10050) AS n`,
      [many.sellerId, tag],
    );
    await stack.dataSource.query('ANALYZE orders');
    const page = await search(many, `common name ${tag}`);
    expect(ok(page).map((o: { postingNumber: string }) => o.postingNumber)).toEqual(
      Array.from({ length: 25 }, (_, i) => `MANY-${i + 1}`),
    );
    // the planner's estimate from the orders' statistics: near the 10,050 matches, not a count and not a floor
    expect(contentRangeTotal(page)).toBeGreaterThan(5_000);
    expect(contentRangeTotal(page)).toBeLessThan(20_000);
    // the same common text, walked, is still the seller's own orders only
    expect(ok(await search(tenant, `common name ${tag}`))).toEqual([]);
  });
});
