import './support/fast-job-retries';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { WorkerMetrics } from '../../apps/worker/src/ops/metrics/worker-metrics';
import { startStack, Stack } from './support/stack';
import {
  as,
  buyerReturn,
  createOps,
  createTenant,
  eventually,
  expectProblem,
  ok,
  orderBody,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';

/** Every ops endpoint, with a request that is valid for the ops role. */
const OPS_ENDPOINTS: { method: 'get' | 'post' | 'delete'; path: string }[] = [
  { method: 'get', path: '/ops/queues' },
  { method: 'get', path: '/ops/queues/orders/jobs?state=failed' },
  { method: 'post', path: '/ops/queues/orders/jobs/no-such-job/retry' },
  { method: 'delete', path: '/ops/queues/orders/jobs/no-such-job' },
  { method: 'post', path: '/ops/queues/orders/failed/retry' },
  { method: 'delete', path: '/ops/queues/deadlines/failed' },
  { method: 'get', path: '/ops/jobs?q=nothing-like-this' },
  { method: 'get', path: '/ops/deadlines' },
  { method: 'get', path: '/ops/outbox' },
  { method: 'get', path: '/ops/commands/failed' },
  { method: 'get', path: '/ops/deadline-breaches' },
  { method: 'get', path: '/ops/sellers/reliability' },
  { method: 'get', path: '/ops/health' },
  { method: 'post', path: '/auth/ops-session' },
];

describe('ops: queues, failed jobs, job search, reliability, metrics', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let opsToken: string;

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
    opsToken = await createOps(stack);
  });
  afterAll(async () => {
    await stack.dataSource.query(`DROP TRIGGER IF EXISTS ops_test_outage ON orders`);
    await stack?.close();
  });

  const request = (method: 'get' | 'post' | 'delete', path: string, token?: string) => {
    const call = stack.http[method](`/api/v1${path}`);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  it.each(OPS_ENDPOINTS)('$method $path is for the ops role only: 401 without login, 403 for sellers', async (e) => {
    expectProblem(await request(e.method, e.path), 401, 'unauthenticated');
    for (const token of [tenant.admin, tenant.agent, tenant.warehouse])
      expectProblem(await request(e.method, e.path, token), 403, 'forbidden');
    expectProblem(await stack.http[e.method](`/api/v1${e.path}`).set('X-Api-Key', tenant.channelKey), 403, 'forbidden');
    expect([200, 204, 404]).toContain((await request(e.method, e.path, opsToken)).status);
  });

  describe('bull-board at /ops/bull', () => {
    const jwt = () => new JwtService({ secret: stack.config.jwtSecret });

    it('is unreachable without the ops-session cookie', async () => {
      expectProblem(await stack.http.get('/ops/bull/'), 401, 'unauthenticated');
      expectProblem(await stack.http.get('/ops/bull/api/queues'), 401, 'unauthenticated');
      // a bearer token is not a way in either
      expectProblem(
        await stack.http.get('/ops/bull/').set('Authorization', `Bearer ${opsToken}`),
        401,
        'unauthenticated',
      );
    });

    it('refuses a seller: no session for a seller token, and a seller-role session cookie is 403', async () => {
      const refused = await request('post', '/auth/ops-session', tenant.admin);
      expectProblem(refused, 403, 'forbidden');
      expect(refused.headers['set-cookie']).toBeUndefined();
      // the seller's access token put into the cookie is not a session
      expectProblem(
        await stack.http.get('/ops/bull/').set('Cookie', `aftersale_ops_session=${tenant.admin}`),
        401,
        'unauthenticated',
      );
      const sellerSession = await jwt().signAsync(
        { sub: randomUUID(), role: 'seller_admin', purpose: 'ops-session' },
        { expiresIn: 60 },
      );
      expectProblem(
        await stack.http.get('/ops/bull/').set('Cookie', `aftersale_ops_session=${sellerSession}`),
        403,
        'forbidden',
      );
    });

    it('refuses an expired session cookie', async () => {
      const expired = await jwt().signAsync({
        sub: randomUUID(),
        role: 'ops',
        purpose: 'ops-session',
        exp: Math.floor(Date.now() / 1000) - 5,
      });
      expectProblem(
        await stack.http.get('/ops/bull/').set('Cookie', `aftersale_ops_session=${expired}`),
        401,
        'unauthenticated',
      );
    });

    it('opens with the short-lived HttpOnly SameSite=Strict cookie that POST /auth/ops-session gives an ops user', async () => {
      const session = await request('post', '/auth/ops-session', opsToken);
      expect(ok(session).url).toBe('/ops/bull/');
      const cookie: string = session.headers['set-cookie'][0];
      expect(cookie).toMatch(/^aftersale_ops_session=[^;]+;/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/ops\/bull/);
      expect(cookie).toMatch(/Max-Age=300/);
      const pair = cookie.split(';')[0];
      const page = await stack.http.get('/ops/bull/').set('Cookie', pair);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<html');
      const queues = ok(await stack.http.get('/ops/bull/api/queues').set('Cookie', pair));
      expect(queues.queues.map((q: { name: string }) => q.name).sort()).toEqual(
        ['cancellations', 'deadlines', 'events', 'marketplace', 'orders', 'refunds', 'returns'].sort(),
      );
    });
  });

  it('a job made to fail shows in the failed list with its error, and retry makes it succeed', async () => {
    // a real outage of one table for one kind of posting number, in the real PostgreSQL
    await stack.dataSource.query(`
      CREATE OR REPLACE FUNCTION ops_test_outage() RETURNS trigger AS $$
      BEGIN
        IF NEW.posting_number LIKE 'OUTAGE-%' THEN RAISE EXCEPTION 'simulated outage: orders are not writable'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      DROP TRIGGER IF EXISTS ops_test_outage ON orders;
      CREATE TRIGGER ops_test_outage BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION ops_test_outage();`);
    const channel = as(stack, { key: tenant.channelKey });
    const ops = as(stack, { token: opsToken });
    const postingNumber = `OUTAGE-${randomUUID().slice(0, 8)}`;
    const accepted = await channel.post('/orders', orderBody({ postingNumber }));
    // still retrying (202), or its attempts already used up within the wait (500 internal-error, the command
    // marked failed): either way the job sits in the failed set for ops
    expect([202, 500]).toContain(accepted.status);
    const commandId: string = accepted.body.id ?? String(accepted.body.jobId).replace(/^cmd-/, '');
    const jobId = `cmd-${commandId}`;

    const failed = await eventually(async () => {
      const list = ok(await ops.get('/ops/queues/orders/jobs?state=failed&limit=200'));
      return list.find((job: { id: string }) => job.id === jobId);
    });
    expect(failed).toMatchObject({
      queue: 'orders',
      name: 'CreateOrder',
      state: 'failed',
      attemptsMade: 2,
      attempts: 2,
      data: { commandId },
    });
    expect(failed.failedReason).toContain('simulated outage');
    expect(failed.stacktrace.join('\n')).toContain('simulated outage');
    const overview = ok(await ops.get('/ops/queues')).find((q: { name: string }) => q.name === 'orders');
    expect(overview.counts.failed).toBeGreaterThanOrEqual(1);
    expect(overview.throughput.failed.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(1);

    // a job that has not failed cannot be retried
    expectProblem(await ops.post(`/ops/queues/orders/jobs/cmd-${randomUUID()}/retry`), 404, 'not-found');

    await stack.dataSource.query(`DROP TRIGGER ops_test_outage ON orders`);
    const retried = ok(await ops.post(`/ops/queues/orders/jobs/${jobId}/retry`));
    expect(retried.id).toBe(jobId);
    const done = await eventually(async () => {
      const command = ok(await channel.get(`/commands/${commandId}`));
      return command.state === 'succeeded' ? command : null;
    });
    expect(done.resourceType).toBe('order');
    expect(ok(await channel.get(`/orders/${done.resourceId}`)).postingNumber).toBe(postingNumber);
    const afterwards = ok(await ops.get('/ops/queues/orders/jobs?state=failed&limit=200'));
    expect(afterwards.map((job: { id: string }) => job.id)).not.toContain(jobId);
    expectProblem(await ops.post(`/ops/queues/orders/jobs/${jobId}/retry`), 409, 'invalid-transition');
  });

  it('finds jobs by posting number and by case id from our own records', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const ops = as(stack, { token: opsToken });
    const body = orderBody();
    const orderId: string = ok(await channel.post('/orders', body), 201).id;
    const agent = as(stack, { token: tenant.agent });
    ok(await agent.post(`/orders/${orderId}/process`));
    const caseId: string = ok(await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }), 201).id;

    const byPosting = ok(await ops.get(`/ops/jobs?q=${encodeURIComponent(body.postingNumber.toLowerCase())}`));
    const names = byPosting.map((job: { name: string }) => job.name);
    expect(names).toEqual(expect.arrayContaining(['CreateOrder', 'ProcessOrder', 'CreateCancellation']));
    const created = byPosting.find((job: { name: string }) => job.name === 'CreateOrder');
    expect(created).toMatchObject({ queue: 'orders', state: 'completed', concerns: { kind: 'command' } });

    const byCase = await eventually(async () => {
      const found = ok(await ops.get(`/ops/jobs?q=${caseId}`));
      // the timer is known from PostgreSQL at once; its delayed job exists once the event has been relayed
      const timer = found.find((job: { name: string }) => job.name === 'CancellationDeadline');
      return timer?.state === 'delayed' ? found : null;
    });
    expect(byCase.find((job: { name: string }) => job.name === 'CreateCancellation')).toMatchObject({
      queue: 'cancellations',
      concerns: { kind: 'command', type: 'CreateCancellation' },
    });
    expect(byCase.find((job: { name: string }) => job.name === 'CancellationDeadline')).toMatchObject({
      id: `deadline-${caseId}`,
      queue: 'deadlines',
      state: 'delayed',
    });
    expect(byCase.some((job: { queue: string }) => job.queue === 'events')).toBe(true);
    // the upcoming timers list shows the same deadline and its timer
    const timers = ok(await ops.get('/ops/deadlines?limit=200'));
    expect(timers.find((t: { caseId: string }) => t.caseId === caseId)).toMatchObject({
      caseType: 'cancellation',
      jobId: `deadline-${caseId}`,
      jobState: 'delayed',
    });
    expectProblem(await ops.get('/ops/jobs?q='), 400, 'validation-failed');
    expectProblem(await ops.get('/ops/queues/orders/jobs?state=sleeping'), 400, 'validation-failed');
    expectProblem(await ops.get('/ops/queues/no-such-queue/jobs'), 404, 'not-found');
  });

  it("finds a request's jobs by its X-Request-Id, the correlation id its command row keeps", async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const ops = as(stack, { token: opsToken });
    const orderId: string = ok(await channel.post('/orders', orderBody()), 201).id;
    ok(await as(stack, { token: tenant.agent }).post(`/orders/${orderId}/process`));
    // the id a client quotes when it reports a problem
    const requestId = `ticket-${randomUUID()}`;
    const opened = await channel.post(
      '/cancellations',
      { orderId, reasonId: 'changed-mind' },
      { 'X-Request-Id': requestId },
    );
    const caseId: string = ok(opened, 201).id;

    const found = ok(await ops.get(`/ops/jobs?q=${encodeURIComponent(requestId)}`));
    expect(found.find((job: { name: string }) => job.name === 'CreateCancellation')).toMatchObject({
      queue: 'cancellations',
      state: 'completed',
      concerns: { kind: 'command', type: 'CreateCancellation' },
    });
    // what the request created is a subject too: the case's own jobs are found with it
    expect(found.some((job: { concerns: { id: string } }) => job.concerns.id === caseId)).toBe(true);
    // another request's id finds none of them
    const other = ok(await ops.get(`/ops/jobs?q=ticket-${randomUUID()}`));
    expect(other.some((job: { name: string }) => job.name === 'CreateCancellation')).toBe(false);
  });

  it('seller reliability counts each seller’s orders of every status, cancellations and returns over deliveries, over 30 days', async () => {
    const other = await createTenant(stack);
    const channel = as(stack, { key: other.channelKey });
    const agent = as(stack, { token: other.agent });
    // two orders: one cancelled by the seller, one cancelled at the buyer's request, approved by the seller
    const first: string = ok(await channel.post('/orders', orderBody()), 201).id;
    ok(await agent.post(`/orders/${first}/cancel`, { reasonId: 'out-of-stock' }));
    const second: string = ok(await channel.post('/orders', orderBody()), 201).id;
    ok(await agent.post(`/orders/${second}/process`));
    const caseId: string = ok(
      await channel.post('/cancellations', { orderId: second, reasonId: 'changed-mind' }),
      201,
    ).id;
    ok(await agent.post(`/cancellations/${caseId}/approve`, {}));
    // a third, delivered, then returned: an order of every status counts, and a delivery is a return's denominator
    await buyerReturn(stack, other, await orderInStatus(stack, other, 'delivered'));

    const rows = ok(await as(stack, { token: opsToken }).get('/ops/sellers/reliability'));
    const row = rows.find((r: { sellerId: string }) => r.sellerId === other.sellerId);
    expect(row).toMatchObject({
      orders30d: 3,
      cancellationRate: 2 / 3,
      decidedInTimeShare: 1,
      returnRate: 1,
      defectRate: 0,
      disputesWon: 0,
      disputesLost: 0,
    });
    expect(row.medianDecisionMinutes).toBeGreaterThanOrEqual(0);
    expect(row.medianDecisionMinutes).toBeLessThan(5);
  });

  it('deadline breaches and reliability count the late decisions of 30 days, a return case by its decision', async () => {
    const late = await createTenant(stack);
    const db = stack.dataSource;
    const [{ now }] = await db.query(`SELECT now() AS now`);
    const ago = (days: number) => new Date(new Date(now).getTime() - days * 24 * 3600_000);
    const order = async () => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
         VALUES ($1, $2, $3, 'delivered', 'Buyer', 1000, 'RUB', $4, $4)`,
        [id, late.sellerId, `L-${id}`, ago(50)],
      );
      return id;
    };
    // a return case as the domain leaves it: the decision in its snapshot, and an event leaving `requested` then
    const decidedReturn = async (decidedAt: Date, decidedBy: string, type: string) => {
      const id = randomUUID();
      const orderId = await order();
      const snapshot = { decidedAt, decidedBy, decisionDeadlineAt: ago(3) };
      await db.query(
        `INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, snapshot, created_at, updated_at)
         VALUES ($1, $2, $3, 'P', 'buyer_return', 'approved', $4, $5, $6)`,
        [id, late.sellerId, orderId, JSON.stringify(snapshot), ago(5), decidedAt],
      );
      await db.query(
        `INSERT INTO audit_events (id, seller_id, case_type, case_id, order_id, type, from_state, to_state, actor, at)
         VALUES ($1, $2, 'return', $3, $4, $5, 'requested', 'approved', $6, $7)`,
        [randomUUID(), late.sellerId, id, orderId, type, JSON.stringify({ kind: decidedBy }), decidedAt],
      );
    };
    await decidedReturn(ago(2), 'deadline', 'ReturnAutoApproved');
    await decidedReturn(ago(40), 'deadline', 'ReturnAutoApproved'); // outside the 30 days
    await db.query(
      `INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                          deadline_at, decided_at, decided_by, created_at, updated_at)
       VALUES ($1, $2, $3, 'P', 'auto_approved', 'buyer', 'changed-mind', $4, $4, 'deadline', $5, $4)`,
      [randomUUID(), late.sellerId, await order(), ago(1), ago(4)],
    );

    const ops = as(stack, { token: opsToken });
    const breaches = ok(await ops.get('/ops/deadline-breaches'));
    expect(breaches.find((b: { sellerId: string }) => b.sellerId === late.sellerId)).toEqual({
      sellerId: late.sellerId,
      sellerName: expect.any(String),
      cancellations30d: 1,
      returns30d: 1,
      overdueNow: 0,
      total: 2,
    });
    const reliability = ok(await ops.get('/ops/sellers/reliability'));
    expect(reliability.find((r: { sellerId: string }) => r.sellerId === late.sellerId)).toMatchObject({
      decidedInTimeShare: 0,
      medianDecisionMinutes: null,
    });
  });

  it('/metrics carries the named series with sensible values after some traffic', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    ok(await channel.post('/orders', orderBody()), 201);
    ok(await as(stack, { token: opsToken }).get('/ops/queues'));
    // a scrape whose read of a queue's counts from Redis takes over 2 s leaves that queue's series out (as it should,
    // not a stale figure); on a loaded machine the next scrape has them
    let text = '';
    await eventually(async () => {
      const response = await stack.http.get('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      text = response.text;
      return text.includes('aftersale_queue_jobs{queue="orders",state="completed"}');
    });
    const value = (series: string) => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(series + ' ') || (l.startsWith(series + '{') && l.includes(series)));
      return line ? Number(line.split(' ').pop()) : undefined;
    };
    const sample = (name: string, labels: Record<string, string>) => {
      const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((label) => l.includes(label)));
      return line ? Number(line.split(' ').pop()) : undefined;
    };
    expect(
      sample('aftersale_http_request_duration_seconds_count', {
        route: '/api/v1/orders',
        method: 'POST',
        status: '201',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample('aftersale_commands_total', { type: 'CreateOrder', outcome: 'succeeded' })).toBeGreaterThanOrEqual(1);
    expect(sample('aftersale_queue_jobs', { queue: 'orders', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample('aftersale_queue_jobs', { queue: 'orders', state: 'failed' })).toBeGreaterThanOrEqual(0);
    expect(sample('aftersale_queue_oldest_waiting_seconds', { queue: 'orders' })).toBeGreaterThanOrEqual(0);
    expect(value('aftersale_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value('aftersale_outbox_lag_seconds')).toBeLessThan(60);
    expect(sample('aftersale_refunds', { state: 'succeeded' })).toBeGreaterThanOrEqual(0);
    // the order's command row was recorded in a batch (of one, alone here; docs/architecture.md#command-batches)
    expect(value('aftersale_accepted_command_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(value('aftersale_accepted_command_batches_replayed_total')).toBe(0);

    // the worker's own series (served on WORKER_METRICS_PORT by the worker process)
    const worker = await stack.worker!.get(WorkerMetrics).registry.metrics();
    expect(worker).toMatch(
      /aftersale_job_duration_seconds_count\{queue="orders",name="CreateOrder",outcome="completed"\} [1-9]/,
    );
    expect(worker).toMatch(/aftersale_commands_executed_total\{type="CreateOrder",outcome="succeeded"\} [1-9]/);
    expect(worker).toMatch(/aftersale_sweep_runs_total\{sweep="outbox relay"\} [1-9]/);
    expect(worker).toMatch(/aftersale_sweep_errors_total/);
  });

  it('answers X-Request-Id: the client id when given, a new one otherwise; the command row keeps it', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const given = `req-${randomUUID()}`;
    const created = await channel.post('/orders', orderBody(), { 'X-Request-Id': given });
    expect(created.headers['x-request-id']).toBe(given);
    const [row] = await stack.dataSource.query(`SELECT correlation_id FROM commands WHERE resource_id = $1`, [
      created.body.id,
    ]);
    expect(row.correlation_id).toBe(given);
    const generated = await stack.http.get('/api/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await stack.http.get('/api/health').set('X-Request-Id', 'has spaces and\ttabs');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
