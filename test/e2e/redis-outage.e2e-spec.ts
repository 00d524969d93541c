import { as, countRows, createTenant, orderBody, TenantFixture } from './support/fixtures';
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

  it('answers a command with 503 service-unavailable and Retry-After at once, leaving nothing half-done', async () => {
    const started = Date.now();
    const response = await as(stack, { key: tenant.channelKey }).post('/orders', orderBody());
    expect(Date.now() - started).toBeLessThan(3000);
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('service-unavailable');
    expect(response.headers['retry-after']).toBeDefined();
    expect(await countRows(stack, `commands WHERE seller_id = $1`, [tenant.sellerId])).toBe(0);
    expect(await countRows(stack, `orders WHERE seller_id = $1`, [tenant.sellerId])).toBe(0);
  });

  it('still serves reads from PostgreSQL, and readiness says Redis is down', async () => {
    expect((await as(stack, { token: tenant.agent }).get('/orders')).status).toBe(200);
    const ready = await stack.http.get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ code: 'service-unavailable', database: 'up', redis: 'down' });
  });
});
