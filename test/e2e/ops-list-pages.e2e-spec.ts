import {
  as,
  buyerReturn,
  contentRangeTotal,
  countRows,
  createOps,
  createTenant,
  listQuery,
  ok,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * Ops read every seller's records, and a page of them is chosen seller by seller (each seller's first rows in the
 * order of the seller's own index, merged; several states or statuses a scan each, docs/benchmarks.md, 50), or, for
 * the orders unfiltered by creation or id, from an index of every seller's orders (docs/benchmarks.md, 79): it must be
 * the same rows, in the same order, as every seller's records sorted together and skipped to the page, ties on the
 * sorted column broken by the id (docs/api.md "Reading").
 *
 * Earlier suites of the same Jest worker leave their records in its database, so this suite's are dated in 2100: in
 * each list they are one run of rows, and each page checked lies within it.
 */
describe("a page of ops' list of every seller is the same rows as every seller's list sorted and skipped to it", () => {
  let stack: Stack;
  let sellers: TenantFixture[];
  let ops: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startStack();
    sellers = await Promise.all([createTenant(stack), createTenant(stack), createTenant(stack)]);
    ops = as(stack, { token: await createOps(stack) });
    for (const [i, seller] of sellers.entries()) {
      // 400 orders a seller, statuses mixed, three sellers' interleaved in time, ten to a second, and all changed at one
      // time (ties the id breaks);
      // a decided cancellation request for each, states mixed, decisions ten to a second
      await stack.dataSource.query(
        `WITH o AS (
           INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
           SELECT gen_random_uuid(), $1, 'OPS-' || $2 || '-' || lpad(n::text, 4, '0'),
                  (ARRAY['pending', 'processing', 'shipped', 'cancelled'])[1 + (n + $3) % 4], 'Buyer', 1000, 'RUB',
                  timestamptz '2100-01-01' + ((n * 3 + $3) / 10) * interval '1 second', timestamptz '2100-01-01'
             FROM generate_series(1, 400) AS n
           RETURNING id, posting_number, created_at
         )
         INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                            deadline_at, decided_at, created_at, updated_at)
         SELECT gen_random_uuid(), $1, id, posting_number,
                (ARRAY['approved', 'auto_approved', 'rejected', 'withdrawn', 'approved'])[1 + right(posting_number, 4)::int % 5],
                'buyer', 'changed-mind', created_at + interval '72 hours', created_at + interval '1 hour', created_at,
                created_at + interval '1 hour'
           FROM o`,
        [seller.sellerId, seller.sellerId.slice(0, 8), i],
      );
      // one return opened through the api, then 300 copies of it, closed or refunded, changed ten to a second
      const opened = await buyerReturn(stack, seller, await orderInStatus(stack, seller, 'delivered'));
      await stack.dataSource.query(
        `INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, snapshot, created_at, updated_at)
         SELECT c.id, r.seller_id, r.order_id, r.posting_number, r.type, c.state,
                r.snapshot || jsonb_build_object('id', c.id, 'state', c.state, 'updatedAt', c.changed), r.created_at,
                c.changed
           FROM return_cases r,
                LATERAL (SELECT gen_random_uuid() AS id, (ARRAY['refunded', 'closed', 'closed'])[1 + n % 3] AS state,
                                timestamptz '2100-01-01' + ((n * 3 + $2) / 10) * interval '1 second' AS changed
                           FROM generate_series(1, 300) AS n) AS c
          WHERE r.id = $1`,
        [opened.id, i],
      );
    }
  });
  afterAll(() => stack.close());

  /**
   * Every seller's rows of the list in `order` (`every`), and of them this suite's, dated from 2100 by `column`
   * (`mine`): one run of rows in the list, behind whatever earlier suites in this database left ahead of it (a
   * decision time unset sorts first, newest first).
   */
  async function listRows(table: string, column: string, order: string, where = '', values: unknown[] = []) {
    const ids = async (condition: string) =>
      (
        await stack.dataSource.query(`SELECT id FROM ${table} WHERE ${condition} ${where} ORDER BY ${order}`, values)
      ).map((row: { id: string }) => row.id);
    return { every: await ids('true'), mine: await ids(`${column} >= '2100-01-01'`) };
  }

  /** The pages at the start, second, middle and end of this suite's run of rows are the sorted list's, sliced. */
  async function expectPages(
    resource: string,
    query: { filter?: unknown; sort: string[] },
    { every, mine }: { every: string[]; mine: string[] },
  ) {
    expect(mine.length).toBeGreaterThanOrEqual(240);
    const lead = every.indexOf(mine[0]);
    expect(every.slice(lead, lead + mine.length)).toEqual(mine);
    for (const start of [0, 25, Math.floor(mine.length / 2), mine.length - 25].map((n) => lead + n)) {
      const page = await ops.get(`/${resource}${listQuery({ ...query, range: [start, start + 24] })}`);
      expect(ok(page).map((row: { id: string }) => row.id)).toEqual(every.slice(start, start + 25));
      const [, first, last, total] = /^\S+ (\d+)-(\d+)\/(\d+)$/.exec(page.headers['content-range'])!.map(Number);
      expect([first, last]).toEqual([start, start + 24]);
      expect(total).toBeGreaterThanOrEqual(lead + mine.length);
    }
  }

  it("holds every seller's orders: newest first", async () => {
    const rows = await listRows('orders', 'created_at', 'created_at DESC, id DESC');
    const sellersOnPage = new Set(
      (
        await stack.dataSource.query(`SELECT DISTINCT seller_id FROM orders WHERE id = ANY($1)`, [
          rows.mine.slice(0, 25),
        ])
      ).map((row: { seller_id: string }) => row.seller_id),
    );
    expect(sellersOnPage.size).toBe(3);
    await expectPages('orders', { sort: ['createdAt', 'DESC'] }, rows);
  });

  it("holds every seller's orders by id, both ways, deep pages included", async () => {
    // no other suite writes to this database meanwhile: every order in it is in the list
    for (const direction of ['ASC', 'DESC']) {
      const every = (await stack.dataSource.query(`SELECT id FROM orders ORDER BY id ${direction}`)).map(
        (row: { id: string }) => row.id,
      );
      expect(every.length).toBeGreaterThan(1100);
      for (const start of [0, 25, 1050, every.length - 25]) {
        const page = await ops.get(`/orders${listQuery({ sort: ['id', direction], range: [start, start + 24] })}`);
        expect(ok(page).map((row: { id: string }) => row.id)).toEqual(every.slice(start, start + 25));
      }
    }
  });

  it.each([
    [['shipped'], ['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['pending', 'processing'], ['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['pending', 'processing', 'cancelled'], ['updatedAt', 'DESC'], 'updated_at DESC, id DESC'],
  ])('orders with the status filter %j, sorted by %j', async (statuses, sort, order) => {
    const rows = await listRows('orders', 'created_at', order, 'AND status = ANY($1)', [statuses]);
    await expectPages('orders', { filter: { status: statuses }, sort }, rows);
  });

  it.each([
    [['approved', 'auto_approved'], ['decidedAt', 'DESC'], 'decided_at DESC, id DESC'],
    [['rejected'], ['decidedAt', 'DESC'], 'decided_at DESC, id DESC'],
    [['approved', 'rejected', 'withdrawn'], ['createdAt', 'DESC'], 'created_at DESC, id DESC'],
  ])('cancellations in the states %j, sorted by %j', async (states, sort, order) => {
    const rows = await listRows('cancellation_requests', 'created_at', order, 'AND state = ANY($1)', [states]);
    await expectPages('cancellations', { filter: { state: states }, sort }, rows);
  });

  it("counts every seller's records in its total, seller by seller", async () => {
    // rejected is a final state: other suites may add such requests meanwhile, never take one away
    const rejected = () => countRows(stack, `cancellation_requests WHERE state = 'rejected'`);
    const before = await rejected();
    const page = await ops.get(
      `/cancellations${listQuery({ filter: { state: ['rejected'] }, sort: ['decidedAt', 'DESC'], range: [0, 24] })}`,
    );
    expect(ok(page)).toHaveLength(25);
    const total = contentRangeTotal(page);
    expect(before).toBeGreaterThanOrEqual(240);
    expect(total).toBeGreaterThanOrEqual(before);
    expect(total).toBeLessThanOrEqual(await rejected());
  });

  it.each([
    [['refunded', 'closed'], ['updatedAt', 'DESC'], 'updated_at DESC, id DESC'],
    [['closed'], ['updatedAt', 'DESC'], 'updated_at DESC, id DESC'],
  ])('returns in the states %j, sorted by %j', async (states, sort, order) => {
    const rows = await listRows('return_cases', 'updated_at', order, 'AND state = ANY($1)', [states]);
    await expectPages('returns', { filter: { state: states }, sort }, rows);
  });
});
