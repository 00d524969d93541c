import { as, contentRangeTotal, createTenant, listQuery, ok, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { statementsOf } from './support/statements';

/**
 * A list's total (docs/api.md "Reading", docs/benchmarks.md, 36): exact up to 10,000 matches, counted in the page's
 * own statement; past that PostgreSQL's estimate, asked once for a while for the same list of the same seller; a page
 * from row 10,000 on that has rows is past the threshold already and counts nothing (docs/benchmarks.md, 44). A
 * seller's orders with no filter are exact at any size, the sum of their orders per day (docs/benchmarks.md, 80).
 */
describe('list totals', () => {
  let stack: Stack;
  let crowded: TenantFixture;
  let other: TenantFixture;

  /** `count` pending orders for the seller, newest first numbered from 1, and `shipped` shipped ones. */
  async function seed(tenant: TenantFixture, count: number, shipped: number): Promise<void> {
    await stack.dataSource.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $2 || n, CASE WHEN n <= $4 THEN 'shipped' ELSE 'pending' END, 'Buyer', 1000, 'RUB',
              now() - n * interval '1 second', now()
         FROM generate_series(1, $3::int) AS n`,
      [tenant.sellerId, `TOT-${tenant.sellerId.slice(0, 8)}-`, count, shipped],
    );
  }

  const orders = (tenant: TenantFixture, filter: object = {}) =>
    as(stack, { token: tenant.agent }).get(`/orders${listQuery({ filter, range: [0, 24] })}`);

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    crowded = await createTenant(stack);
    other = await createTenant(stack);
    await seed(crowded, 10_080, 40);
    await seed(other, 10_020, 0);
    await stack.dataSource.query('ANALYZE orders');
  });
  afterAll(() => stack.close());

  it('a full page of a list with at most 10,000 matches has its exact total, counted by the page’s own statement', async () => {
    const { result: page, sent } = await statementsOf(() => orders(crowded, { status: 'shipped' }));
    expect(ok(page)).toHaveLength(25);
    expect(contentRangeTotal(page)).toBe(40);
    const counting = sent.filter((sql) => /count\(\*\)/i.test(sql));
    expect(counting).toHaveLength(1);
    expect(counting[0]).toMatch(/ORDER BY/);
    expect(sent.filter((sql) => /^\s*EXPLAIN/i.test(sql))).toEqual([]);
  });

  it('past 10,000 matches the total is the planner’s estimate, asked once while it is kept, and one seller’s is never another’s', async () => {
    const first = await statementsOf(() => orders(crowded, { status: 'pending' }));
    const estimated = contentRangeTotal(first.result);
    // the planner's estimate from the orders' statistics: near the 10,040 pending matches, past the exact threshold
    expect(estimated).toBeGreaterThan(10_000);
    expect(estimated).toBeLessThan(20_000);
    expect(first.sent.filter((sql) => /^\s*EXPLAIN/i.test(sql))).toHaveLength(1);

    const again = await statementsOf(() => orders(crowded, { status: 'pending' }));
    expect(contentRangeTotal(again.result)).toBe(estimated);
    expect(again.sent.filter((sql) => /^\s*EXPLAIN/i.test(sql))).toEqual([]);

    const theirs = await statementsOf(() => orders(other, { status: 'pending' }));
    expect(theirs.sent.filter((sql) => /^\s*EXPLAIN/i.test(sql))).toHaveLength(1);
    expect(ok(theirs.result).map((o: { postingNumber: string }) => o.postingNumber)[0]).toBe(
      `TOT-${other.sellerId.slice(0, 8)}-1`,
    );
  });

  it('a page from row 10,000 on that has rows counts nothing: its list is past the exact threshold, and its total is the estimate', async () => {
    const deep = await statementsOf(() =>
      as(stack, { token: crowded.agent }).get(
        `/orders${listQuery({ filter: { status: 'pending' }, range: [10_000, 10_024] })}`,
      ),
    );
    expect(ok(deep.result)).toHaveLength(25);
    expect(deep.sent.filter((sql) => /count\(\*\)/i.test(sql))).toEqual([]);
    const total = contentRangeTotal(deep.result);
    // the planner's estimate (near the 10,040 matches) and never fewer than the rows the page reaches
    expect(total).toBeGreaterThanOrEqual(10_025);
    expect(total).toBeLessThan(20_000);

    // a page past the end has no row to prove anything: its list is counted, exact up to the threshold, and its total
    // is that count, not the row the page asked to start from
    const shipped = await statementsOf(() =>
      as(stack, { token: crowded.agent }).get(
        `/orders${listQuery({ filter: { status: 'shipped' }, range: [10_000, 10_024] })}`,
      ),
    );
    expect(ok(shipped.result)).toEqual([]);
    expect(contentRangeTotal(shipped.result)).toBe(40);
  });

  it('a seller’s orders with no filter have their exact total from their orders per day, past 10,000 too, counting nothing', async () => {
    const agent = as(stack, { token: crowded.agent });
    const empty = await createTenant(stack);
    for (const [who, range, rows, total] of [
      [agent, [0, 24], 25, 10_080],
      [agent, [10_000, 10_024], 25, 10_080],
      [agent, [20_000, 20_024], 0, 10_080], // past the end: the counts alone
      [as(stack, { token: empty.agent }), [25, 49], 0, 0], // a seller without orders
    ] as const) {
      const { result: page, sent } = await statementsOf(() => who.get(`/orders${listQuery({ range: [...range] })}`));
      expect(ok(page)).toHaveLength(rows);
      expect(contentRangeTotal(page)).toBe(total);
      expect(sent.filter((sql) => /count\(\*\)|^\s*EXPLAIN/i.test(sql))).toEqual([]);
      expect(sent.some((sql) => sql.includes('order_day_counts'))).toBe(true);
    }
  });
});
