import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { ServerConfig } from '@aftersale/server/messaging';
import { createDataSource, ensureDatabase, orderToDomain, OrderOrmEntity, verifyPassword } from '@aftersale/server/persistence';
import { createApiApp } from '../../apps/api/src/app.factory';
import { DEMO_SHOP_ID, OTHER_SHOP_ID, seedDemoData } from '../../apps/worker/src/demo/seed-demo-data';
import { contentRangeTotal } from './support/fixtures';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

/**
 * The demo data in a database of its own (it would add its sellers to every other suite's lists): it obeys
 * the rules, covers every state, is loaded once, and its users and channel keys work through the api.
 */
const DEMO_DATABASE_URL = (() => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_demo`;
  return url.toString();
})();

async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

describe('demo data', () => {
  let dataSource: DataSource;
  const count = async (sql: string, params: unknown[] = []) => (await dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;
  const tally = async (sql: string) => Object.fromEntries((await dataSource.query(sql)).map((row: { k: string; n: number }) => [row.k, row.n]));

  beforeAll(async () => {
    await dropDatabase(DEMO_DATABASE_URL);
    await ensureDatabase(DEMO_DATABASE_URL);
    dataSource = await createDataSource(DEMO_DATABASE_URL, 2).initialize();
    await dataSource.runMigrations();
    expect(await seedDemoData(dataSource)).toEqual({ created: true });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(DEMO_DATABASE_URL);
  });

  it('is loaded once: a second run creates nothing', async () => {
    const before = await count('audit_events');
    expect(await seedDemoData(dataSource)).toEqual({ created: false });
    expect(await count('audit_events')).toBe(before);
    expect(await count('orders')).toBe(340);
  });

  it('has the sellers, the users of api.md "Principals" with the demo password, and the channel keys', async () => {
    expect(await tally(`SELECT name AS k, count(*)::int AS n FROM sellers GROUP BY 1`)).toEqual({ 'Demo Shop': 1, 'Other Shop': 1 });
    const users: { email: string; role: string; seller_id: string | null; password_hash: string }[] = await dataSource.query(`SELECT email, role, seller_id, password_hash FROM users ORDER BY email`);
    expect(users.map(({ email, role, seller_id }) => [email, role, seller_id])).toEqual([
      ['admin@demo-shop.test', 'seller_admin', DEMO_SHOP_ID],
      ['admin@other-shop.test', 'seller_admin', OTHER_SHOP_ID],
      ['agent@demo-shop.test', 'seller_agent', DEMO_SHOP_ID],
      ['ops@aftersale.test', 'ops', null],
      ['warehouse@demo-shop.test', 'warehouse', DEMO_SHOP_ID],
    ]);
    for (const user of users) expect(await verifyPassword('demo-password', user.password_hash)).toBe(true);
    expect(await count(`seller_settings WHERE cancellation_deadline_hours = 72 AND currency = 'RUB' AND default_return_address IS NOT NULL`)).toBe(2);
  });

  it('covers every order status but returned, and every cancellation state', async () => {
    const statuses = await tally(`SELECT status AS k, count(*)::int AS n FROM orders WHERE seller_id = '${DEMO_SHOP_ID}' GROUP BY 1`);
    expect(Object.keys(statuses).sort()).toEqual(['cancelled', 'delivered', 'delivery_refused', 'pending', 'processing', 'shipped']);
    const states = await tally(`SELECT state AS k, count(*)::int AS n FROM cancellation_requests WHERE seller_id = '${DEMO_SHOP_ID}' GROUP BY 1`);
    expect(Object.keys(states).sort()).toEqual(['approved', 'auto_approved', 'awaiting_seller', 'rejected', 'superseded', 'withdrawn']);
    expect(await count(`cancellation_requests WHERE initiator = 'seller' AND reason_id = 'out-of-stock' AND state = 'approved'`)).toBeGreaterThan(0);
    expect(await count(`cancellation_requests WHERE state = 'rejected' AND (decision_reason_id <> 'already-handed-to-carrier' OR decision_comment IS NULL)`)).toBe(0);
    expect(await count(`cancellation_requests c JOIN orders o ON o.id = c.order_id WHERE c.state = 'superseded' AND (c.initiator <> 'carrier' OR o.status <> 'delivered')`)).toBe(0);
    expect(await count(`orders WHERE posting_number !~ '^[0-9]{4}-[0-9]{4}$'`)).toBe(0);
    expect(await count(`orders o WHERE paid_amount < (SELECT sum(quantity * unit_price_amount) FROM order_lines l WHERE l.order_id = o.id)`)).toBeGreaterThan(0);
  });

  it('keeps open requests open: deadlines ahead, some within 24 h, and the order pointing at its request', async () => {
    expect(await count(`cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at <= now()`)).toBe(0);
    expect(await count(`cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at < now() + interval '24 hours'`)).toBeGreaterThan(0);
    expect(await count(`orders o WHERE (o.open_cancellation_id IS NOT NULL) <> EXISTS (SELECT 1 FROM cancellation_requests c WHERE c.id = o.open_cancellation_id AND c.state = 'awaiting_seller')`)).toBe(0);
  });

  it('refunds every cancelled order in full, and the simulator paid exactly the succeeded ones', async () => {
    expect(await count(`orders o WHERE status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id AND r.amount = o.paid_amount AND r.idempotency_key = 'cancellation:' || r.cause_id)`)).toBe(0);
    expect(await tally(`SELECT state AS k, count(*)::int AS n FROM refunds GROUP BY 1`)).toEqual({ succeeded: expect.any(Number), failed: expect.any(Number), pending: expect.any(Number) });
    expect(await count(`refunds WHERE state = 'failed' AND last_error IS NULL`)).toBe(0);
    expect(await count(`orders o WHERE refunded_amount <> COALESCE((SELECT sum(amount) FROM refunds r WHERE r.order_id = o.id AND r.state = 'succeeded'), 0)`)).toBe(0);
    const ledger = await dataSource.query(`SELECT r.idempotency_key FROM refunds r FULL JOIN simulated_payments p ON p.idempotency_key = r.idempotency_key
      WHERE (r.state = 'succeeded') IS DISTINCT FROM (p.idempotency_key IS NOT NULL) OR p.amount <> r.amount`);
    expect(ledger).toEqual([]);
  });

  it('has an audit trail for every case, in time order, and nothing in the future', async () => {
    expect(await count(`orders o WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = o.id AND a.type = 'OrderCreated' AND a.at = o.created_at)`)).toBe(0);
    expect(await count(`cancellation_requests c WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = c.id)`)).toBe(0);
    expect(await count(`refunds r WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = r.id AND a.type = 'RefundCreated')`)).toBe(0);
    expect(await count(`(SELECT at, lag(at) OVER (PARTITION BY case_id ORDER BY seq) AS previous FROM audit_events) t WHERE at < previous`)).toBe(0);
    expect(await count(`audit_events WHERE at > now()`)).toBe(0);
    expect(await count(`orders WHERE created_at < now() - interval '31 days'`)).toBe(0);
  });

  it('loads back into the domain', async () => {
    const rows = await dataSource.getRepository(OrderOrmEntity).find({ relations: { lines: true } });
    for (const row of rows) expect(orderToDomain(row).lines.length).toBeGreaterThan(0);
  });

  describe('through the api', () => {
    let api: INestApplication;
    let http: ReturnType<typeof supertest>;

    beforeAll(async () => {
      const config: ServerConfig = {
        databaseUrl: DEMO_DATABASE_URL, redisUrl: TEST_REDIS_URL, queuePrefix: `test-demo-${randomUUID().slice(0, 8)}`,
        commandWaitMs: 5000, jwtSecret: 'test-secret', jwtTtlSeconds: 3600, production: false,
      };
      api = await createApiApp(config, { logger: false });
      await api.init();
      http = supertest(api.getHttpServer());
    });
    afterAll(() => api?.close());

    const login = async (email: string) => {
      const response = await http.post('/api/v1/auth/login').send({ email, password: 'demo-password' });
      expect(response.status).toBe(200);
      return response.body.accessToken as string;
    };

    it('lets every demo user log in with the demo password, each seeing their own seller', async () => {
      for (const email of ['warehouse@demo-shop.test', 'agent@demo-shop.test']) await login(email);
      const orders = async (token: string) => contentRangeTotal(await http.get('/api/v1/orders').set('Authorization', `Bearer ${token}`).expect(200));
      expect(await orders(await login('admin@demo-shop.test'))).toBe(300);
      expect(await orders(await login('admin@other-shop.test'))).toBe(40);
      expect(await orders(await login('ops@aftersale.test'))).toBe(340);
    });

    it("accepts the channel keys, each for its seller's orders", async () => {
      const orders = async (key: string) => contentRangeTotal(await http.get('/api/v1/orders').set('X-Api-Key', key).expect(200));
      expect(await orders('demo-shop-channel-key')).toBe(300);
      expect(await orders('other-shop-channel-key')).toBe(40);
    });
  });
});
