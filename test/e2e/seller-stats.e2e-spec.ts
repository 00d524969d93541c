import { randomUUID } from 'node:crypto';
import { SellerStatsView } from '@aftersale/contracts';
import { as, createOps, createTenant, expectProblem, ok, orderInStatus, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * GET /stats/seller (docs/api.md "Seller statistics"): the figures are computed in SQL from the seller's rows,
 * so the suite writes rows whose figures it knows, on the database's clock, and reads them back.
 */
describe('seller statistics are computed on the server from the seller own rows', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let now: Date;
  let today: Date;

  const at = (ms: number) => new Date(now.getTime() + ms);
  /** 00:00 UTC `daysAgo` days before today, plus `hours` */
  const day = (daysAgo: number, hours = 0) => new Date(today.getTime() - daysAgo * DAY + hours * HOUR);
  const longAgo = () => at(-40 * DAY);

  async function order(status: string, createdAt: Date): Promise<string> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'Buyer', 100000, 'RUB', $5, $5)`,
      [id, tenant.sellerId, `S-${id}`, status, createdAt],
    );
    return id;
  }

  /** a request on an order created long ago (outside the 30-day order figures) */
  async function cancellation(state: string, createdAt: Date, deadlineAt: Date | null = null): Promise<string> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id, deadline_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'P', $4, 'buyer', 'changed-mind', $5, $6, $6)`,
      [id, tenant.sellerId, await order('processing', longAgo()), state, deadlineAt, createdAt],
    );
    return id;
  }

  async function returnCase(
    state: string,
    createdAt: Date,
    snapshot: { reasonId: string | null; decisionDeadlineAt?: Date },
  ): Promise<string> {
    const id = randomUUID();
    // in `requested` the case's next deadline is its decision deadline, as the repository writes it
    const nextDeadline = state === 'requested' ? (snapshot.decisionDeadlineAt ?? null) : null;
    await stack.dataSource.query(
      `INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, snapshot, next_deadline_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'P', 'buyer_return', $4, $5, $6, $7, $7)`,
      [
        id,
        tenant.sellerId,
        await order('delivered', longAgo()),
        state,
        JSON.stringify(snapshot),
        nextDeadline,
        createdAt,
      ],
    );
    return id;
  }

  async function event(
    caseType: string,
    caseId: string,
    type: string,
    from: string | null,
    when: Date,
    actor = 'user',
  ) {
    await stack.dataSource.query(
      `INSERT INTO audit_events (id, seller_id, case_type, case_id, type, from_state, to_state, actor, at)
       VALUES ($1, $2, $3, $4, $5, $6, 'x', $7, $8)`,
      [randomUUID(), tenant.sellerId, caseType, caseId, type, from, JSON.stringify({ kind: actor }), when],
    );
  }

  async function refund(state: string, amount: number, currency: string, completedAt: Date | null): Promise<void> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO refunds (id, seller_id, order_id, cause_type, cause_id, amount, currency, state, idempotency_key, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, 'cancellation', $1, $4, $5, $6, $9, $7, $7, $8)`,
      [
        id,
        tenant.sellerId,
        await order('cancelled', longAgo()),
        amount,
        currency,
        state,
        longAgo(),
        completedAt,
        `test:${id}`,
      ],
    );
  }

  beforeAll(async () => {
    // no worker yet: its deadline sweep would auto-approve the overdue request the figures count as overdue
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
    other = await createTenant(stack);
    const [{ now: dbNow }] = await stack.dataSource.query(`SELECT now() AS now`);
    now = new Date(dbNow);
    today = new Date(`${dayOf(now)}T00:00:00.000Z`);

    // waiting: 3 cancellations (one due within 24 h, one overdue) and 3 returns (one due within 24 h, one overdue,
    // opened long ago without a reason so that no 30-day figure counts it)
    await cancellation('awaiting_seller', at(-HOUR), at(2 * HOUR));
    await cancellation('awaiting_seller', at(-HOUR), at(48 * HOUR));
    await cancellation('awaiting_seller', at(-5 * HOUR), at(-HOUR));
    await returnCase('requested', at(-HOUR), { reasonId: 'wrong-model', decisionDeadlineAt: at(10 * HOUR) });
    await returnCase('requested', at(-HOUR), { reasonId: 'wrong-model', decisionDeadlineAt: at(72 * HOUR) });
    await returnCase('requested', longAgo(), { reasonId: null, decisionDeadlineAt: at(-2 * HOUR) });

    // decisions: yesterday an approval after 120 min and a rejection after 60 min; two days ago a return
    // approved after 30 min; three days ago an auto-approval at the deadline (a breach)
    const approved = await cancellation('approved', day(1, 10));
    await event('cancellation', approved, 'CancellationApproved', 'awaiting_seller', day(1, 12));
    const rejected = await cancellation('rejected', day(1, 11));
    await event('cancellation', rejected, 'CancellationRejected', 'awaiting_seller', day(1, 12));
    const returnApproved = await returnCase('approved', day(2, 11.5), { reasonId: 'faulty' });
    await event('return', returnApproved, 'ReturnApproved', 'requested', day(2, 12));
    const auto = await cancellation('auto_approved', day(6));
    await event('cancellation', auto, 'CancellationAutoApproved', 'awaiting_seller', day(3, 12), 'deadline');
    // not decisions: a system approval of a pending order's request, a withdrawal, a decision 40 days ago
    const system = await cancellation('approved', day(1, 9));
    await event('cancellation', system, 'CancellationApproved', null, day(1, 9), 'system');
    const withdrawn = await cancellation('withdrawn', day(1, 9));
    await event('cancellation', withdrawn, 'CancellationWithdrawn', 'awaiting_seller', day(1, 10), 'channel');
    const old = await cancellation('approved', at(-41 * DAY));
    await event('cancellation', old, 'CancellationApproved', 'awaiting_seller', at(-40 * DAY));

    // orders of the last 30 days: 10, two of them cancelled (one more cancelled 40 days ago does not count)
    for (let i = 0; i < 8; i++) await order('delivered', at(-(i + 1) * DAY));
    await order('cancelled', at(-2 * DAY));
    await order('cancelled', at(-3 * DAY));
    await order('cancelled', longAgo());

    // 8 orders delivered in the last 30 days (one delivered twice in the log counts once), one long ago;
    // 4 return cases opened in the same days (one a refused delivery without a reason): a return rate of 0.5
    const delivered = await Promise.all(Array.from({ length: 8 }, () => order('delivered', longAgo())));
    for (const id of delivered) await event('order', id, 'OrderDelivered', 'shipped', at(-5 * DAY), 'channel');
    await event('order', delivered[0], 'OrderDelivered', 'shipped', at(-4 * DAY), 'channel');
    await event('order', await order('delivered', longAgo()), 'OrderDelivered', 'shipped', longAgo(), 'channel');
    await returnCase('closed', at(-3 * DAY), { reasonId: null });
    await returnCase('closed', longAgo(), { reasonId: 'faulty' });

    // refunds: two failed; three paid today (RUB 1000 + 2500, USD 700), one paid yesterday
    await refund('failed', 100, 'RUB', null);
    await refund('failed', 100, 'RUB', null);
    await refund('succeeded', 1000, 'RUB', at(-1000));
    await refund('succeeded', 2500, 'RUB', today);
    await refund('succeeded', 700, 'USD', at(-1000));
    await refund('succeeded', 9999, 'RUB', day(1, 12));
  });
  afterAll(() => stack.close());

  const statsOf = async (token: string): Promise<SellerStatsView> =>
    ok(await as(stack, { token }).get('/stats/seller'));

  it('counts the requests and cases waiting for a decision, due within 24 h and overdue', async () => {
    const stats = await statsOf(tenant.agent);
    expect(stats).toMatchObject({
      sellerId: tenant.sellerId,
      currency: 'RUB',
      waitingForDecision: { cancellations: 3, returns: 3, total: 6 },
      dueWithin24h: 2,
      dueWithin24hByKind: { cancellations: 1, returns: 1 },
      overdue: 2,
      overdueByKind: { cancellations: 1, returns: 1 },
    });
  });

  it('derives breaches, the in-time share and the median decision time from the last 30 days of decisions', async () => {
    const stats = await statsOf(tenant.admin);
    expect(stats.deadlineBreaches30d).toBe(1);
    expect(stats.decidedInTimeShare30d).toBe(0.75);
    expect(stats.medianDecisionMinutes30d).toBe(60);
  });

  it('gives the cancellation rate and the return rate of the last 30 days', async () => {
    const stats = await statsOf(tenant.agent);
    expect(stats.cancellationRate30d).toBe(0.2);
    expect(stats.returnRate30d).toBe(0.5);
  });

  it('counts failed refunds and the refunds paid today with their sums per currency', async () => {
    const stats = await statsOf(tenant.agent);
    expect(stats.refundsFailed).toBe(2);
    expect(stats.refundsToday).toEqual({
      count: 3,
      sums: [
        { amount: 3500, currency: 'RUB' },
        { amount: 700, currency: 'USD' },
      ],
    });
  });

  it('lists 30 days of decisions and decision times, oldest first, days without decisions as zeros', async () => {
    const stats = await statsOf(tenant.agent);
    expect(stats.decisionsPerDay).toHaveLength(30);
    expect(stats.decisionsPerDay[29].day).toBe(dayOf(now));
    expect(stats.decisionsPerDay[0].day).toBe(dayOf(day(29)));
    const byDay = Object.fromEntries(stats.decisionsPerDay.map((d) => [d.day, d]));
    expect(byDay[dayOf(day(1))]).toEqual({ day: dayOf(day(1)), approved: 1, rejected: 1, autoApproved: 0 });
    expect(byDay[dayOf(day(2))]).toEqual({ day: dayOf(day(2)), approved: 1, rejected: 0, autoApproved: 0 });
    expect(byDay[dayOf(day(3))]).toEqual({ day: dayOf(day(3)), approved: 0, rejected: 0, autoApproved: 1 });
    expect(byDay[dayOf(day(4))]).toEqual({ day: dayOf(day(4)), approved: 0, rejected: 0, autoApproved: 0 });
    const times = Object.fromEntries(stats.decisionTimePerDay.map((d) => [d.day, d.medianMinutes]));
    expect(stats.decisionTimePerDay).toHaveLength(30);
    expect(times[dayOf(day(1))]).toBe(90);
    expect(times[dayOf(day(2))]).toBe(30);
    expect(times[dayOf(day(3))]).toBeNull();
  });

  it('ranks the return reasons of the last 30 days', async () => {
    const stats = await statsOf(tenant.agent);
    expect(stats.returnsByReason).toEqual([
      { reasonId: 'wrong-model', count: 2 },
      { reasonId: 'faulty', count: 1 },
    ]);
  });

  it('shows each seller only its own figures', async () => {
    const stats = await statsOf(other.agent);
    expect(stats).toMatchObject({
      sellerId: other.sellerId,
      waitingForDecision: { cancellations: 0, returns: 0, total: 0 },
      deadlineBreaches30d: 0,
      decidedInTimeShare30d: null,
      medianDecisionMinutes30d: null,
      cancellationRate30d: 0,
      refundsToday: { count: 0, sums: [] },
      returnsByReason: [],
    });
  });

  it('runs on connections that never compile a statement nor start parallel workers (docs/benchmarks.md, 55–56)', async () => {
    // every connection of the pool, not only the first: the settings are the pool's, not a session's SET
    const settings = await Promise.all(
      Array.from({ length: 4 }, () =>
        stack.dataSource.query(
          `SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers,
                  pg_sleep(0.05)`,
        ),
      ),
    );
    expect(settings.map(([row]) => [row.jit, row.workers])).toEqual(Array(4).fill(['off', '0']));
  });

  it('is for seller admins and agents only', async () => {
    expectProblem(await as(stack, { token: tenant.warehouse }).get('/stats/seller'), 403, 'forbidden');
    expectProblem(await as(stack, { token: await createOps(stack) }).get('/stats/seller'), 403, 'forbidden');
    expectProblem(await as(stack, { key: tenant.channelKey }).get('/stats/seller'), 403, 'forbidden');
    expectProblem(await stack.http.get('/api/v1/stats/seller'), 401, 'unauthenticated');
  });

  it('follows decisions taken through the api', async () => {
    await stack.startWorker();
    const fresh = await createTenant(stack);
    const channel = as(stack, { key: fresh.channelKey });
    const agent = as(stack, { token: fresh.agent });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const orderId = await orderInStatus(stack, fresh, 'processing');
      ids.push(ok(await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }), 201).id);
    }
    expect((await statsOf(fresh.agent)).waitingForDecision.cancellations).toBe(2);
    ok(await agent.post(`/cancellations/${ids[0]}/approve`, {}));
    ok(await agent.post(`/cancellations/${ids[1]}/reject`, { reasonId: 'already-packed', comment: 'packed' }));
    const stats = await statsOf(fresh.agent);
    expect(stats.waitingForDecision.cancellations).toBe(0);
    expect(stats.decisionsPerDay[29]).toMatchObject({ approved: 1, rejected: 1, autoApproved: 0 });
    expect(stats.decidedInTimeShare30d).toBe(1);
    expect(stats.medianDecisionMinutes30d).not.toBeNull();
  });
});
