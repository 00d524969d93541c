import { as, buyerReturn, createTenant, listQuery, ok, orderInStatus, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { statementsOf } from './support/statements';

/**
 * A page from row 1,000 on (DEEP_PAGE_FROM) is chosen by its ids first, then read, and one of several statuses by a
 * scan per status, merged (docs/benchmarks.md, 26): it must be the same rows, in the same order, as the list sorted
 * and skipped, for every sort and with a filter, ties on the sorted column broken by the id in the same direction
 * (docs/api.md "Reading").
 */
describe('a deep page of a list is the same rows as the sorted list skipped to it', () => {
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    // 4,400 orders, ten to a creation time and to an update time (ties the id breaks), statuses mixed; and as many
    // of another seller's between them, which no page of this seller's may hold
    [tenant] = await sellersWithOrders(stack, {
      prefix: 'DEEP',
      series: [1, 4400],
      status: `(ARRAY['pending', 'processing', 'shipped', 'delivered'])[1 + n % 4]`,
      createdAt: `now() - (n / 10) * interval '1 second'`,
      updatedAt: `now() - ((n * 7) % 440) * interval '1 minute'`,
    });
  });
  afterAll(() => stack.close());

  const expected = async (order: string, status?: string[]) =>
    (
      await stack.dataSource.query(
        `SELECT id FROM orders WHERE seller_id = $1 ${status ? 'AND status = ANY($2)' : ''} ORDER BY ${order}`,
        status ? [tenant.sellerId, status] : [tenant.sellerId],
      )
    ).map((o: { id: string }) => o.id);

  it.each([
    [['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['createdAt', 'ASC'], 'created_at ASC, id ASC'],
    [['updatedAt', 'DESC'], 'updated_at DESC, id DESC'],
    [['status', 'ASC'], 'status ASC, id ASC'],
    [['postingNumber', 'DESC'], 'posting_number DESC, id DESC'],
    [['id', 'ASC'], 'id ASC'],
  ])('sorted by %j, pages from row 1,000 on', async (sort, order) => {
    const all = await expected(order);
    const agent = as(stack, { token: tenant.agent });
    for (const [start, end] of [
      [975, 999], // the last page read by skipping
      [1000, 1024],
      [4390, 4414], // the end of the list: 10 rows
    ]) {
      const page = await agent.get(`/orders${listQuery({ sort, range: [start, end] })}`);
      expect(ok(page).map((o: { id: string }) => o.id)).toEqual(all.slice(start, end + 1));
      expect(page.headers['content-range']).toBe(`orders ${start}-${Math.min(end, 4399)}/4400`);
    }
  });

  it.each([
    [['pending'], ['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['pending', 'processing', 'shipped'], ['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['pending', 'processing', 'shipped'], ['createdAt', 'ASC'], 'created_at ASC, id ASC'],
    [['pending', 'processing', 'shipped'], ['updatedAt', 'ASC'], 'updated_at ASC, id ASC'],
    [['pending', 'processing', 'shipped'], ['id', 'ASC'], 'id ASC'],
    [['shipped', 'pending', 'pending'], ['status', 'DESC'], 'status DESC, id DESC'],
  ])('with the status filter %j, sorted by %j', async (statuses, sort, order) => {
    const all = await expected(order, statuses);
    expect(all).toHaveLength(1100 * new Set(statuses).size);
    const page = await as(stack, { token: tenant.agent }).get(
      `/orders${listQuery({ filter: { status: statuses }, sort, range: [1050, 1074] })}`,
    );
    expect(ok(page).map((o: { id: string }) => o.id)).toEqual(all.slice(1050, 1075));
    expect(page.headers['content-range']).toBe(`orders 1050-1074/${all.length}`);
  });
});

/**
 * A seller's deep page of orders by creation time starts at the day its first row lies in, found from the seller's
 * orders per day, which triggers keep with every insert, move and delete of an order (migration 1767580000000,
 * docs/benchmarks.md, 80): the page is still the list sorted and skipped, on a day's first row, its last, across
 * midnight UTC and past the end, in both directions, and after orders were added, moved and deleted by hand.
 */
describe("a seller's deep page of orders by creation time is found from their orders per day", () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    // 3,000 orders each over 30 days, 100 a day at ten times ten apart (ties the id breaks), the first of a day at
    // midnight UTC exactly; the other seller's at the same times
    [tenant, other] = await sellersWithOrders(stack, {
      prefix: 'DAY',
      series: [0, 2999],
      status: `'pending'`,
      createdAt: `(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') - (n / 100) * interval '1 day'
                  + ((n / 10) % 10) * interval '2 hours'`,
      updatedAt: 'now()',
    });
  });
  afterAll(() => stack.close());

  const expected = async (direction: 'ASC' | 'DESC') =>
    (
      await stack.dataSource.query(
        `SELECT id FROM orders WHERE seller_id = $1 ORDER BY created_at ${direction}, id ${direction}`,
        [tenant.sellerId],
      )
    ).map((o: { id: string }) => o.id);

  /** Pages from `starts` through the api, against the list sorted and skipped in SQL; each read from the counts. */
  async function expectPages(direction: 'ASC' | 'DESC', starts: number[]): Promise<void> {
    const all = await expected(direction);
    const agent = as(stack, { token: tenant.agent });
    for (const start of starts) {
      const range = [start, start + 24];
      const { result: page, sent } = await statementsOf(() =>
        agent.get(`/orders${listQuery({ sort: ['createdAt', direction], range })}`),
      );
      expect(ok(page).map((o: { id: string }) => o.id)).toEqual(all.slice(start, start + 25));
      expect(sent.some((sql) => sql.includes('order_day_counts'))).toBe(true);
      if (start < all.length)
        expect(page.headers['content-range']).toBe(
          `orders ${start}-${Math.min(start + 24, all.length - 1)}/${all.length}`,
        );
    }
  }

  /** The counts table against the orders counted afresh, for both sellers. */
  async function expectCountsOfOrders(): Promise<void> {
    const [kept, counted] = await Promise.all(
      [
        `SELECT seller_id, day::text, orders FROM order_day_counts WHERE seller_id = ANY($1) AND orders <> 0`,
        `SELECT seller_id, (created_at AT TIME ZONE 'UTC')::date::text AS day, count(*)::int AS orders FROM orders
          WHERE seller_id = ANY($1) GROUP BY 1, 2`,
      ].map((sql) => stack.dataSource.query(`${sql} ORDER BY 1, 2`, [[tenant.sellerId, other.sellerId]])),
    );
    expect(kept).toEqual(counted);
    expect(counted.length).toBeGreaterThan(50);
  }

  it.each(['DESC', 'ASC'] as const)(
    'sorted %s: a day’s first and last rows, across midnight, the end and past it',
    async (direction) => {
      await expectCountsOfOrders();
      await expectPages(direction, [1000, 1099, 1100, 1190, 2990, 3000]);
    },
  );

  it('the counts follow orders added, moved to another day or seller, and deleted by hand', async () => {
    await stack.dataSource.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'DAY-NEW-' || $2 || '-' || n, 'pending', 'Buyer', 1000, 'RUB',
              now() - n * interval '7 hours', now()
         FROM generate_series(1, 50) AS n`,
      [tenant.sellerId, tenant.sellerId.slice(0, 8)],
    );
    // a status change moves nothing; a new creation time moves the order to its day
    await stack.dataSource.query(
      `UPDATE orders SET status = 'processing' WHERE seller_id = $1 AND posting_number LIKE '%-0001_'`,
      [tenant.sellerId],
    );
    await stack.dataSource.query(
      `UPDATE orders SET created_at = created_at - interval '3 days 1 hour'
        WHERE seller_id = $1 AND posting_number LIKE '%-002__'`,
      [tenant.sellerId],
    );
    await stack.dataSource.query(
      `UPDATE orders SET seller_id = $1 WHERE seller_id = $2 AND posting_number LIKE '%-0150_'`,
      [tenant.sellerId, other.sellerId],
    );
    await stack.dataSource.query(`DELETE FROM orders WHERE seller_id = $1 AND posting_number LIKE '%-018__'`, [
      tenant.sellerId,
    ]);
    await expectCountsOfOrders();
    await expectPages('DESC', [1000, 1049, 1050, 2960]);
    await expectPages('ASC', [1000, 1051, 2960]);
  });
});

/**
 * A cancellations tab of several states (approved and auto-approved, by the decision's time) is chosen by a scan per
 * state of the index after (seller_id, state), merged, from its first page on (docs/benchmarks.md, 48): the same rows
 * in the same order as the list sorted and skipped.
 */
describe('a cancellations tab of several states is the same rows as the sorted list skipped to it', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    [tenant, other] = await Promise.all([createTenant(stack), createTenant(stack)]);
    // 1,200 requests each, a fifth of them to a state: decisions ten to a second (ties the id breaks), deadlines
    // ten to a minute; the other seller's among them
    for (const t of [tenant, other])
      await stack.dataSource.query(
        `WITH o AS (
           INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
           SELECT gen_random_uuid(), $1, 'TAB-' || $2 || '-' || lpad(n::text, 5, '0'), 'cancelled', 'Buyer', 1000, 'RUB',
                  now() - n * interval '1 minute', now()
             FROM generate_series(1, 1200) AS n
           RETURNING id, posting_number, created_at
         ), s AS (
           SELECT o.*, row_number() OVER (ORDER BY posting_number) AS n FROM o
         )
         INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                            deadline_at, decided_at, created_at, updated_at)
         SELECT gen_random_uuid(), $1, id, posting_number,
                (ARRAY['approved', 'auto_approved', 'rejected', 'withdrawn', 'approved'])[1 + n % 5], 'buyer', 'changed-mind',
                now() + (n / 10) * interval '1 minute', now() - (n / 10) * interval '1 second', created_at, now()
           FROM s`,
        [t.sellerId, t.sellerId.slice(0, 8)],
      );
  });
  afterAll(() => stack.close());

  it.each([
    [['approved', 'auto_approved'], ['decidedAt', 'DESC'], 'decided_at DESC, id DESC'],
    [['approved', 'auto_approved'], ['decidedAt', 'ASC'], 'decided_at ASC, id ASC'],
    [['approved', 'rejected', 'withdrawn'], ['deadlineAt', 'ASC'], 'deadline_at ASC, id ASC'],
    [['rejected'], ['decidedAt', 'DESC'], 'decided_at DESC, id DESC'],
  ])('the states %j sorted by %j, first, middle and last pages', (states, sort, order) =>
    expectTabPages(stack, tenant, 'cancellations', { states, sort, order }),
  );
});

/** The returns page's tabs, likewise (docs/benchmarks.md, 49): by the last change and by the decision's deadline. */
describe('a returns tab of several states is the same rows as the sorted list skipped to it', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;

  beforeAll(async () => {
    stack = await startStack();
    [tenant, other] = await Promise.all([createTenant(stack), createTenant(stack)]);
    // one case opened through the api each, then 1,200 copies of it in five states: changes ten to a second and
    // deadlines ten to a minute (ties the id breaks)
    for (const t of [tenant, other]) {
      const opened = await buyerReturn(stack, t, await orderInStatus(stack, t, 'delivered'));
      await stack.dataSource.query(
        `INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, next_deadline_at, snapshot,
                                   created_at, updated_at)
         SELECT c.id, r.seller_id, r.order_id, r.posting_number, r.type, c.state, c.due,
                r.snapshot || jsonb_build_object('id', c.id, 'state', c.state, 'decisionDeadlineAt', c.due,
                                                 'updatedAt', c.changed),
                r.created_at, c.changed
           FROM return_cases r,
                LATERAL (SELECT gen_random_uuid() AS id,
                                (ARRAY['refunded', 'closed', 'compensation_offered', 'requested', 'in_transit'])[1 + n % 5] AS state,
                                now() + (n / 10) * interval '1 minute' AS due,
                                now() - (n / 10) * interval '1 second' AS changed
                           FROM generate_series(1, 1200) AS n) AS c
          WHERE r.id = $1`,
        [opened.id],
      );
    }
  });
  afterAll(() => stack.close());

  it.each([
    [['refunded', 'closed'], ['updatedAt', 'DESC'], 'updated_at DESC, id DESC'],
    [['refunded', 'closed', 'in_transit'], ['updatedAt', 'ASC'], 'updated_at ASC, id ASC'],
    [['requested', 'compensation_offered'], ['nextDeadlineAt', 'ASC'], 'next_deadline_at ASC, id ASC'],
    [['closed'], ['updatedAt', 'DESC'], 'updated_at DESC, id DESC'],
  ])('the states %j sorted by %j, first, middle and last pages', (states, sort, order) =>
    expectTabPages(stack, tenant, 'returns', { states, sort, order }),
  );
});

/**
 * Two new sellers with the same orders each: one for each `n` of `series`, its posting number `<prefix>-<seller>-<n>`,
 * its status and times SQL expressions of `n`.
 */
async function sellersWithOrders(
  stack: Stack,
  orders: { prefix: string; series: [number, number]; status: string; createdAt: string; updatedAt: string },
): Promise<TenantFixture[]> {
  const sellers = await Promise.all([createTenant(stack), createTenant(stack)]);
  for (const t of sellers)
    await stack.dataSource.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $2 || '-' || lpad(n::text, 5, '0'), ${orders.status}, 'Buyer', 1000, 'RUB',
              ${orders.createdAt}, ${orders.updatedAt}
         FROM generate_series($3::int, $4::int) AS n`,
      [t.sellerId, `${orders.prefix}-${t.sellerId.slice(0, 8)}`, ...orders.series],
    );
  return sellers;
}

const TABLES = { cancellations: 'cancellation_requests', returns: 'return_cases' };

/**
 * A tab's first, second, a middle and its last page through the api are the tenant's rows of `states` in `order`
 * (SQL), sliced; each page's Content-Range names the whole tab.
 */
async function expectTabPages(
  stack: Stack,
  tenant: TenantFixture,
  resource: keyof typeof TABLES,
  tab: { states: string[]; sort: string[]; order: string },
): Promise<void> {
  const all: string[] = (
    await stack.dataSource.query(
      `SELECT id FROM ${TABLES[resource]} WHERE seller_id = $1 AND state = ANY($2) ORDER BY ${tab.order}`,
      [tenant.sellerId, tab.states],
    )
  ).map((row: { id: string }) => row.id);
  expect(all.length).toBeGreaterThanOrEqual(240);
  const agent = as(stack, { token: tenant.agent });
  for (const start of [0, 25, 230, all.length - 10]) {
    const range = [start, start + 24];
    const page = await agent.get(`/${resource}${listQuery({ filter: { state: tab.states }, sort: tab.sort, range })}`);
    expect(ok(page).map((row: { id: string }) => row.id)).toEqual(all.slice(start, start + 25));
    expect(page.headers['content-range']).toBe(
      `${resource} ${start}-${Math.min(start + 24, all.length - 1)}/${all.length}`,
    );
  }
}
