import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { createApiApp } from '../../apps/api/src/app.factory';
import { as, createOps, createTenant, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * 20 requests per 20-second window in this suite (1 a second on average), so that a burst passes the limit
 * within one window even on a slow machine; each burst is three times as many. Each test uses a principal
 * or a client address of its own (X-Forwarded-For, believed from loopback with TRUST_PROXY).
 */
const LIMIT = 20;
const BURST = 3 * LIMIT;
const LIMIT_ENV = { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_WINDOW_SECONDS: String(LIMIT), TRUST_PROXY: 'loopback' };

function setEnv(values: Record<string, string | undefined>): Record<string, string | undefined> {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return previous;
}
const statuses = (responses: { status: number }[]) => responses.map((r) => r.status);

describe('rate limits (docs/api.md "Rate limits")', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let saved: Record<string, string | undefined>;

  beforeAll(async () => {
    saved = setEnv({ ...LIMIT_ENV, LOGIN_MAX_FAILURES: '3' });
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack.close();
    setEnv(saved);
  });

  it('answers 429 rate-limited with Retry-After once a principal passes its requests per second, across endpoints', async () => {
    const agent = as(stack, { token: tenant.agent });
    const paths = ['/orders', '/cancellations', '/refunds', '/reasons'];
    const responses = await Promise.all(Array.from({ length: BURST }, (_, i) => agent.get(paths[i % paths.length])));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body.code).toBe('rate-limited');
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0].headers['retry-after'])).toBeLessThanOrEqual(LIMIT);
    // another principal is not slowed down by the first one's burst
    expect((await as(stack, { token: tenant.admin }).get('/orders')).status).toBe(200);
  });

  it('keys the limit on the authenticated principal, not the credential: two tokens of one user share it', async () => {
    const me = (await as(stack, { token: tenant.warehouse }).get('/auth/me')).body;
    // a second, different token of the same user (as a second login would give)
    const claims = { sub: me.id, role: me.role, sellerId: me.sellerId, name: me.name, email: me.email };
    const second = new JwtService({ secret: stack.config.jwtSecret }).sign({ ...claims, jti: randomUUID() });
    expect(second).not.toBe(tenant.warehouse);
    // each token stays under the limit: only a count per user can pass it
    const responses = await Promise.all(
      Array.from({ length: 2 * (LIMIT - 2) }, (_, i) =>
        as(stack, { token: i % 2 ? second : tenant.warehouse }).get('/returns'),
      ),
    );
    expect(statuses(responses)).toContain(429);
    expect(statuses(responses).filter((s) => s !== 429 && s !== 200)).toEqual([]);
  });

  /** GET /api/v1/orders as seen from a client address behind the (trusted, loopback) proxy */
  const from = (address: string) => stack.http.get('/api/v1/orders').set('X-Forwarded-For', address);

  it('counts failed authentications on the client address: random credentials get no fresh allowance each', async () => {
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        i % 2
          ? from('203.0.113.3').set('X-Api-Key', `random-${randomUUID()}`)
          : from('203.0.113.3').set('Authorization', `Bearer random.${randomUUID()}.token`),
      ),
    );
    expect(statuses(responses)).toContain(429);
    expect(statuses(responses).filter((s) => s !== 429 && s !== 401)).toEqual([]);
    // an authenticated principal from the same address keeps its own allowance
    expect((await from('203.0.113.3').set('X-Api-Key', tenant.channelKey)).status).toBe(200);
  });

  it('counts unauthenticated requests on the client address', async () => {
    const responses = await Promise.all(Array.from({ length: BURST }, () => from('203.0.113.4')));
    expect(statuses(responses)).toContain(429);
    expect(statuses(responses).filter((s) => s !== 429 && s !== 401)).toEqual([]);
  });

  it('N api processes share one limit: the counters live in Redis', async () => {
    // a second api on the same Redis and environment prefix, as a second process behind a load balancer
    const ops = await createOps(stack);
    const other: INestApplication = await createApiApp(stack.config, { logger: false });
    await other.listen(0, '127.0.0.1');
    try {
      const apis = [stack.http, supertest(other.getHttpServer())];
      // each api gets fewer requests than the limit: only a shared count can pass it
      const perApi = LIMIT - 2;
      const responses = await Promise.all(
        Array.from({ length: 2 * perApi }, (_, i) =>
          apis[i % 2].get('/api/v1/orders').set('Authorization', `Bearer ${ops}`),
        ),
      );
      expect(statuses(responses)).toContain(429);
      expect(statuses(responses).filter((s) => s !== 429 && s !== 200)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('limits failed logins per account and address, and tells a wrong password from a locked account only by 429', async () => {
    const email = 'seller_agent-' + tenant.sellerId.slice(0, 8) + '@test.example';
    const login = () => stack.http.post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.6');
    for (let i = 0; i < 3; i++) {
      const wrong = await login().send({ email, password: 'wrong' });
      expect(wrong.status).toBe(401);
    }
    const locked = await login().send({ email, password: 'test-password' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('rate-limited');
    // other accounts from the same address still log in
    const other = await login().send({
      email: 'seller_admin-' + tenant.sellerId.slice(0, 8) + '@test.example',
      password: 'test-password',
    });
    expect(other.status).toBe(200);
  });
});

describe('rate limits while Redis is unreachable (docs/api.md "Rate limits")', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let saved: Record<string, string | undefined>;

  beforeAll(async () => {
    saved = setEnv(LIMIT_ENV);
    // nothing listens on this port
    stack = await startStack({ worker: false, redisUrl: 'redis://127.0.0.1:1' });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack.close();
    setEnv(saved);
  });

  it('fails open: reads keep working, uncounted, never a 500', async () => {
    const agent = as(stack, { token: tenant.agent });
    const responses = await Promise.all(Array.from({ length: BURST }, () => agent.get('/orders')));
    expect(new Set(statuses(responses))).toEqual(new Set([200]));
  });
});
