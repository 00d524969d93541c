import { as, countRows, createTenant, eventually, orderBody, TenantFixture } from './support/fixtures';
import { OwnRedis, startOwnRedis } from './support/own-redis';
import { startStack, Stack } from './support/stack';

describe('the api fails fast when Redis is unreachable (docs/architecture.md#connections-by-role)', () => {
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    // nothing listens on this port: the api's queue connection cannot reach Redis
    stack = await startStack({ worker: false, redisUrl: 'redis://127.0.0.1:1' });
    tenant = await createTenant(stack);
  });
  afterAll(() => stack.close());

  it('answers a command with 503 service-unavailable and Retry-After within ENQUEUE_TIMEOUT_MS, leaving nothing half-done', async () => {
    const started = Date.now();
    const response = await as(stack, { key: tenant.channelKey }).post('/orders', orderBody());
    expect(Date.now() - started).toBeLessThan(stack.config.enqueueTimeoutMs + 1000);
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('service-unavailable');
    expect(response.headers['retry-after']).toBeDefined();
    expect(await countRows(stack, `commands WHERE seller_id = $1`, [tenant.sellerId])).toBe(0);
    expect(await countRows(stack, `orders WHERE seller_id = $1`, [tenant.sellerId])).toBe(0);
  });

  it('still serves reads from PostgreSQL, and readiness says Redis is down while liveness stays up', async () => {
    expect((await as(stack, { token: tenant.agent }).get('/orders')).status).toBe(200);
    const ready = await stack.http.get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ code: 'service-unavailable', database: 'up', redis: 'down' });
    expect((await stack.http.get('/api/health')).status).toBe(200);
  });
});

describe('Redis goes away and comes back: the workers resume and the backlog drains (README "Operating")', () => {
  let redis: OwnRedis;
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    redis = await startOwnRedis();
    stack = await startStack({ redisUrl: redis.url, commandWaitMs: 1000 });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.remove();
  });

  it('commands accepted before a crash are applied once Redis is back; meanwhile commands are 503 and reads work', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    expect((await channel.post('/orders', orderBody())).status).toBe(201);

    // a backlog: commands accepted (202) while no worker takes them
    await stack.stopWorker();
    const backlog = [orderBody(), orderBody(), orderBody()];
    for (const body of backlog) expect((await channel.post('/orders', body)).status).toBe(202);

    await redis.crash();
    const refused = await channel.post('/orders', orderBody());
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('service-unavailable');
    expect((await as(stack, { token: tenant.agent }).get('/orders')).status).toBe(200);
    expect((await stack.http.get('/api/health/ready')).status).toBe(503);
    // a worker starting during the outage waits for Redis instead of failing
    await stack.startWorker();

    await redis.restart();
    await eventually(async () => (await stack.http.get('/api/health/ready')).status === 200);
    const postings = backlog.map((body) => body.postingNumber);
    await eventually(
      async () =>
        (await countRows(stack, `commands WHERE seller_id = $1 AND state = 'succeeded'`, [tenant.sellerId])) === 4,
      20000,
    );
    expect(
      await countRows(stack, `orders WHERE seller_id = $1 AND posting_number = ANY($2)`, [tenant.sellerId, postings]),
    ).toBe(3);
    expect(await countRows(stack, `commands WHERE seller_id = $1 AND state = 'accepted'`, [tenant.sellerId])).toBe(0);
    // and new work flows at once again
    expect((await channel.post('/orders', orderBody())).status).toBe(201);
  }, 60000);
});
