import { as, createTenant, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('rate limits (docs/api.md#principals)', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  const saved = { rate: process.env.RATE_LIMIT_PER_SECOND, logins: process.env.LOGIN_MAX_FAILURES };

  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_SECOND = '20';
    process.env.LOGIN_MAX_FAILURES = '3';
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack.close();
    for (const [name, value] of [
      ['RATE_LIMIT_PER_SECOND', saved.rate],
      ['LOGIN_MAX_FAILURES', saved.logins],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('answers 429 rate-limited with Retry-After once a principal passes its requests per second, across endpoints', async () => {
    const agent = as(stack, { token: tenant.agent });
    const paths = ['/orders', '/cancellations', '/refunds', '/reasons'];
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => agent.get(paths[i % paths.length])));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body.code).toBe('rate-limited');
    expect(limited[0].headers['retry-after']).toBeDefined();
    // another principal is not slowed down by the first one's burst
    expect((await as(stack, { token: tenant.admin }).get('/orders')).status).toBe(200);
  });

  it('limits failed logins per account and address, and tells a wrong password from a locked account only by 429', async () => {
    const email = 'seller_agent-' + tenant.sellerId.slice(0, 8) + '@test.example';
    for (let i = 0; i < 3; i++) {
      const wrong = await stack.http.post('/api/v1/auth/login').send({ email, password: 'wrong' });
      expect(wrong.status).toBe(401);
    }
    const locked = await stack.http.post('/api/v1/auth/login').send({ email, password: 'test-password' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('rate-limited');
    // other accounts from the same address still log in
    const other = await stack.http
      .post('/api/v1/auth/login')
      .send({ email: 'seller_admin-' + tenant.sellerId.slice(0, 8) + '@test.example', password: 'test-password' });
    expect(other.status).toBe(200);
  });
});
