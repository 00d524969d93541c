import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { RETURN_STATES, RETURN_TYPES } from '@aftersale/contracts';
import { loadServerConfig } from '@aftersale/server/messaging';
import {
  createDataSource,
  ensureDatabase,
  orderToDomain,
  OrderOrmEntity,
  returnCaseToDomain,
  returnCaseView,
  ReturnCaseOrmEntity,
  runMigrationsLocked,
  verifyPassword,
} from '@aftersale/server/persistence';
import { createApiApp } from '../../apps/api/src/app.factory';
import { DEMO_SHOP_ID, OTHER_SHOP_ID, seedDemoData } from '../../apps/demo-seed/src/demo/seed-demo-data';
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
  // the photos go into a directory of the test's own, which the api below serves them from
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'aftersale-demo-attachments-'));
  const count = async (sql: string, params: unknown[] = []) =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;
  const tally = async (sql: string) =>
    Object.fromEntries((await dataSource.query(sql)).map((row: { k: string; n: number }) => [row.k, row.n]));

  beforeAll(async () => {
    await dropDatabase(DEMO_DATABASE_URL);
    await ensureDatabase(DEMO_DATABASE_URL);
    dataSource = await createDataSource(DEMO_DATABASE_URL, 2).initialize();
    // as every migrator of the project: one transaction per migration, and none for those that build concurrently
    await runMigrationsLocked(dataSource);
    expect(await seedDemoData(dataSource, undefined, { attachmentsDir })).toEqual({ created: true });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(DEMO_DATABASE_URL);
    rmSync(attachmentsDir, { recursive: true, force: true });
  });

  it('is loaded once: a second run creates nothing', async () => {
    const before = await count('audit_events');
    const messages = await count('messages');
    expect(await seedDemoData(dataSource, undefined, { attachmentsDir })).toEqual({ created: false });
    expect(await count('audit_events')).toBe(before);
    expect(await count('messages')).toBe(messages);
    expect(await count('orders')).toBe(420);
  });

  it('has the sellers, the users of docs/api.md#principals with the demo password, and the channel keys', async () => {
    expect(await tally(`SELECT name AS k, count(*)::int AS n FROM sellers GROUP BY 1`)).toEqual({
      'Demo Shop': 1,
      'Other Shop': 1,
    });
    const users: { email: string; role: string; seller_id: string | null; password_hash: string }[] =
      await dataSource.query(`SELECT email, role, seller_id, password_hash FROM users ORDER BY email`);
    expect(users.map(({ email, role, seller_id }) => [email, role, seller_id])).toEqual([
      ['admin@demo-shop.test', 'seller_admin', DEMO_SHOP_ID],
      ['admin@other-shop.test', 'seller_admin', OTHER_SHOP_ID],
      ['agent@demo-shop.test', 'seller_agent', DEMO_SHOP_ID],
      ['ops@aftersale.test', 'ops', null],
      ['warehouse@demo-shop.test', 'warehouse', DEMO_SHOP_ID],
    ]);
    for (const user of users) expect(await verifyPassword('demo-password', user.password_hash)).toBe(true);
    expect(
      await count(
        `seller_settings WHERE cancellation_deadline_hours = 72 AND currency = 'RUB' AND default_return_address IS NOT NULL`,
      ),
    ).toBe(2);
  });

  it('covers every order status and every cancellation state', async () => {
    const statuses = await tally(
      `SELECT status AS k, count(*)::int AS n FROM orders WHERE seller_id = '${DEMO_SHOP_ID}' GROUP BY 1`,
    );
    expect(Object.keys(statuses).sort()).toEqual([
      'cancelled',
      'delivered',
      'delivery_refused',
      'pending',
      'processing',
      'returned',
      'shipped',
    ]);
    const states = await tally(
      `SELECT state AS k, count(*)::int AS n FROM cancellation_requests WHERE seller_id = '${DEMO_SHOP_ID}' GROUP BY 1`,
    );
    expect(Object.keys(states).sort()).toEqual([
      'approved',
      'auto_approved',
      'awaiting_seller',
      'rejected',
      'superseded',
      'withdrawn',
    ]);
    expect(
      await count(
        `cancellation_requests WHERE initiator = 'seller' AND reason_id = 'out-of-stock' AND state = 'approved'`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `cancellation_requests WHERE state = 'rejected' AND (decision_reason_id <> 'already-handed-to-carrier' OR decision_comment IS NULL)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `cancellation_requests c JOIN orders o ON o.id = c.order_id WHERE c.state = 'superseded' AND (c.initiator <> 'carrier' OR o.status <> 'delivered')`,
      ),
    ).toBe(0);
    expect(await count(`orders WHERE posting_number !~ '^[0-9]{4}-[0-9]{4}$'`)).toBe(0);
    expect(
      await count(
        `orders o WHERE paid_amount < (SELECT sum(quantity * unit_price_amount) FROM order_lines l WHERE l.order_id = o.id)`,
      ),
    ).toBeGreaterThan(0);
  });

  it('keeps open requests open: deadlines ahead, some within 24 h, and the order pointing at its request', async () => {
    expect(await count(`cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at <= now()`)).toBe(0);
    expect(
      await count(
        `cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at < now() + interval '24 hours'`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `orders o WHERE (o.open_cancellation_id IS NOT NULL) <> EXISTS (SELECT 1 FROM cancellation_requests c WHERE c.id = o.open_cancellation_id AND c.state = 'awaiting_seller')`,
      ),
    ).toBe(0);
  });

  it('refunds every cancelled order in full, and the simulator paid exactly the succeeded ones', async () => {
    expect(
      await count(
        `orders o WHERE status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id AND r.amount = o.paid_amount AND r.idempotency_key = 'cancellation:' || r.cause_id)`,
      ),
    ).toBe(0);
    expect(await tally(`SELECT state AS k, count(*)::int AS n FROM refunds GROUP BY 1`)).toEqual({
      succeeded: expect.any(Number),
      failed: expect.any(Number),
      pending: expect.any(Number),
    });
    expect(await count(`refunds WHERE state = 'failed' AND last_error IS NULL`)).toBe(0);
    expect(
      await count(
        `orders o WHERE refunded_amount <> COALESCE((SELECT sum(amount) FROM refunds r WHERE r.order_id = o.id AND r.state = 'succeeded'), 0)`,
      ),
    ).toBe(0);
    const ledger =
      await dataSource.query(`SELECT r.idempotency_key FROM refunds r FULL JOIN simulated_payments p ON p.idempotency_key = r.idempotency_key
      WHERE (r.state = 'succeeded') IS DISTINCT FROM (p.idempotency_key IS NOT NULL) OR p.amount <> r.amount`);
    expect(ledger).toEqual([]);
  });

  it('has return cases of every type in every state, open ones with their timers ahead', async () => {
    const states = await tally(
      `SELECT state AS k, count(*)::int AS n FROM return_cases WHERE seller_id = '${DEMO_SHOP_ID}' GROUP BY 1`,
    );
    expect(Object.keys(states).sort()).toEqual([...RETURN_STATES].sort());
    const types = await tally(
      `SELECT type AS k, count(*)::int AS n FROM return_cases WHERE seller_id = '${DEMO_SHOP_ID}' GROUP BY 1`,
    );
    expect(Object.keys(types).sort()).toEqual([...RETURN_TYPES].sort());
    for (const type of ['buyer_return', 'defect_claim']) {
      expect(
        Object.keys(
          await tally(`SELECT state AS k, count(*)::int AS n FROM return_cases WHERE type = '${type}' GROUP BY 1`),
        ).sort(),
      ).toEqual([...RETURN_STATES].sort());
    }
    const closed = await tally(
      `SELECT snapshot->>'closeReason' AS k, count(*)::int AS n FROM return_cases WHERE state = 'closed' GROUP BY 1`,
    );
    expect(Object.keys(closed).sort()).toEqual(['arbitration_rejected', 'closed', 'expired', 'withdrawn']);
    // every refused delivery opened its case, as refuse-delivery does
    expect(
      await count(
        `orders o WHERE status = 'delivery_refused' AND NOT EXISTS (SELECT 1 FROM return_cases r WHERE r.order_id = o.id AND r.type = 'refused_delivery')`,
      ),
    ).toBe(0);
    expect(
      await count(
        `return_cases r JOIN orders o ON o.id = r.order_id WHERE (r.type = 'refused_delivery') <> (o.status = 'delivery_refused' OR (o.status = 'returned' AND EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = o.id AND a.type = 'OrderDeliveryRefused')))`,
      ),
    ).toBe(0);
    expect(
      await count(`return_cases WHERE type = 'defect_claim' AND jsonb_array_length(snapshot->'attachmentIds') = 0`),
    ).toBe(0);
    expect(
      await count(`return_cases WHERE state = 'in_transit' AND type <> 'refused_delivery' AND tracking_number IS NULL`),
    ).toBe(0);
    expect(
      await count(
        `return_cases WHERE state = 'approved' AND (snapshot->>'returnAddress' IS NULL OR snapshot->>'shipBy' IS NULL)`,
      ),
    ).toBe(0);
    expect(
      await count(`return_cases WHERE state = 'inspected' AND jsonb_array_length(snapshot->'inspection') = 0`),
    ).toBe(0);
    // the warehouse's photos go with the units that did not come back as sold
    const photographed = `return_cases r, jsonb_array_elements(r.snapshot->'inspection') line
      WHERE jsonb_array_length(coalesce(line->'attachmentIds', '[]')) > 0`;
    expect(await count(photographed)).toBeGreaterThan(0);
    expect(await count(`${photographed} AND line->>'outcome' IN ('intact', 'opened_unused')`)).toBe(0);
    // timers still ahead: the worker's first sweep changes nothing; some decisions are due within 24 h
    expect(await count(`return_cases WHERE next_deadline_at <= now()`)).toBe(0);
    expect(
      await count(
        `return_cases WHERE state IN ('requested', 'approved', 'compensation_offered') AND next_deadline_at IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(`return_cases WHERE state = 'requested' AND next_deadline_at < now() + interval '24 hours'`),
    ).toBeGreaterThan(0);
  });

  it('has a parcel for every received return, and unmatched parcels with and without candidate cases', async () => {
    expect(
      await count(
        `return_cases r WHERE snapshot->>'receivedAt' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.return_id = r.id AND p.id::text = r.snapshot->>'parcelId')`,
      ),
    ).toBe(0);
    expect(
      await count(
        `parcels p WHERE return_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM return_cases r WHERE r.id = p.return_id AND lower(p.code) IN (lower(r.tracking_number), lower(r.posting_number)))`,
      ),
    ).toBe(0);
    expect(
      await count(
        `parcels WHERE return_id IS NULL AND jsonb_array_length(candidate_return_ids) > 0 AND seller_id = '${DEMO_SHOP_ID}'`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `parcels WHERE return_id IS NULL AND jsonb_array_length(candidate_return_ids) = 0 AND seller_id = '${DEMO_SHOP_ID}'`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `parcels p, jsonb_array_elements_text(p.candidate_return_ids) c WHERE NOT EXISTS (SELECT 1 FROM return_cases r WHERE r.id::text = c AND r.seller_id = p.seller_id)`,
      ),
    ).toBe(0);
  });

  it('refunds refunded and compensated returns through their own causes, and marks orders that came back whole returned', async () => {
    expect(
      await count(
        `return_cases r WHERE state IN ('refunded', 'partially_refunded') AND NOT EXISTS (SELECT 1 FROM refunds f WHERE f.idempotency_key = 'return:' || r.id AND f.amount = (r.snapshot->>'refundedAmount')::bigint)`,
      ),
    ).toBe(0);
    expect(
      await count(`return_cases r WHERE state = 'compensated' AND NOT EXISTS (SELECT 1 FROM refunds f, jsonb_array_elements(r.snapshot->'compensationOffers') o
      WHERE o->>'state' = 'accepted' AND f.idempotency_key = 'compensation:' || (o->>'id') AND f.amount = (o->'amount'->>'amount')::bigint)`),
    ).toBe(0);
    expect(
      await tally(
        `SELECT cause_type || ' ' || state AS k, count(*)::int AS n FROM refunds WHERE cause_type <> 'cancellation' GROUP BY 1`,
      ),
    ).toEqual({
      'return succeeded': expect.any(Number),
      'return failed': expect.any(Number),
      'compensation succeeded': expect.any(Number),
      'compensation failed': expect.any(Number),
    });
    expect(
      await count(`orders o WHERE paid_amount < (SELECT sum(amount) FROM refunds r WHERE r.order_id = o.id)`),
    ).toBe(0);
    // returned exactly when every unit came back and was refunded (order-settlement.ts)
    const unitsMissing = `EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.quantity > COALESCE((SELECT sum((x->>'quantity')::int) FROM return_cases r,
      jsonb_array_elements(r.snapshot->'lines') x WHERE r.order_id = o.id AND r.state IN ('refunded', 'partially_refunded') AND r.snapshot->>'receivedAt' IS NOT NULL AND x->>'sku' = l.sku), 0))`;
    expect(await count(`orders o WHERE status = 'returned'`)).toBeGreaterThan(0);
    expect(
      await count(
        `orders o WHERE status = 'returned' AND (${unitsMissing} OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = o.id AND a.type = 'OrderReturned'))`,
      ),
    ).toBe(0);
    expect(
      await count(
        `orders o WHERE status IN ('delivered', 'delivery_refused') AND EXISTS (SELECT 1 FROM return_cases r WHERE r.order_id = o.id) AND NOT ${unitsMissing}`,
      ),
    ).toBe(0);
  });

  it('has messages with photos on the returns, every photo stored and every reference to one resolving', async () => {
    expect(
      await count(`messages WHERE case_type = 'return' AND jsonb_array_length(attachment_ids) > 0`),
    ).toBeGreaterThan(0);
    expect(await tally(`SELECT author->>'kind' AS k, count(*)::int AS n FROM messages GROUP BY 1`)).toEqual({
      channel: expect.any(Number),
      user: expect.any(Number),
    });
    expect(
      await count(
        `messages m WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.type = 'MessagePosted' AND a.case_id = m.case_id AND a.data->>'messageId' = m.id::text AND a.at = m.created_at)`,
      ),
    ).toBe(0);
    const referenced = `(SELECT seller_id, jsonb_array_elements_text(attachment_ids) AS id FROM messages
      UNION ALL SELECT seller_id, jsonb_array_elements_text(attachment_ids) FROM parcels
      UNION ALL SELECT seller_id, jsonb_array_elements_text(snapshot->'attachmentIds') FROM return_cases
      UNION ALL SELECT seller_id, jsonb_array_elements_text(snapshot->'inspectionAttachmentIds') FROM return_cases) ref`;
    expect(
      await count(
        `${referenced} WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id::text = ref.id AND a.seller_id = ref.seller_id)`,
      ),
    ).toBe(0);
    const attachments: { storage_key: string; size: string; content_type: string }[] = await dataSource.query(
      `SELECT storage_key, size, content_type FROM attachments`,
    );
    expect(attachments.length).toBeGreaterThan(0);
    for (const attachment of attachments) {
      const bytes = readFileSync(join(attachmentsDir, attachment.storage_key));
      expect([attachment.content_type, bytes.length, bytes.subarray(1, 4).toString()]).toEqual([
        'image/png',
        Number(attachment.size),
        'PNG',
      ]);
    }
  });

  it('has an audit trail for every case, in time order, and nothing in the future', async () => {
    expect(
      await count(
        `orders o WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = o.id AND a.type = 'OrderCreated' AND a.at = o.created_at)`,
      ),
    ).toBe(0);
    expect(
      await count(`cancellation_requests c WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = c.id)`),
    ).toBe(0);
    expect(
      await count(
        `refunds r WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = r.id AND a.type = 'RefundCreated')`,
      ),
    ).toBe(0);
    expect(
      await count(
        `return_cases r WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = r.id AND a.type = 'ReturnRequested' AND a.at = r.created_at)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `(SELECT at, lag(at) OVER (PARTITION BY case_id ORDER BY seq) AS previous FROM audit_events) t WHERE at < previous`,
      ),
    ).toBe(0);
    expect(await count(`audit_events WHERE at > now()`)).toBe(0);
    expect(await count(`orders WHERE created_at < now() - interval '31 days'`)).toBe(0);
  });

  it('loads back into the domain', async () => {
    const rows = await dataSource.getRepository(OrderOrmEntity).find({ relations: { lines: true } });
    for (const row of rows) expect(orderToDomain(row).lines.length).toBeGreaterThan(0);
    const cases = await dataSource.getRepository(ReturnCaseOrmEntity).find();
    for (const row of cases) expect(returnCaseView(returnCaseToDomain(row)).state).toBe(row.state);
  });

  describe('through the api', () => {
    let api: INestApplication;
    let http: ReturnType<typeof supertest>;

    beforeAll(async () => {
      process.env.ATTACHMENTS_DIR = attachmentsDir;
      const config = loadServerConfig({
        databaseUrl: DEMO_DATABASE_URL,
        redisUrl: TEST_REDIS_URL,
        queuePrefix: `test-demo-${randomUUID().slice(0, 8)}`,
        commandWaitMs: 5000,
        jwtSecret: 'test-secret',
        jwtTtlSeconds: 3600,
        production: false,
      });
      api = await createApiApp(config, { logger: false });
      await api.init();
      http = supertest(api.getHttpServer());
    });
    afterAll(async () => {
      await api?.close();
      delete process.env.ATTACHMENTS_DIR;
    });

    const login = async (email: string) => {
      const response = await http.post('/api/v1/auth/login').send({ email, password: 'demo-password' });
      expect(response.status).toBe(200);
      return response.body.accessToken as string;
    };

    it('lets every demo user log in with the demo password, each seeing their own seller', async () => {
      for (const email of ['warehouse@demo-shop.test', 'agent@demo-shop.test']) await login(email);
      const orders = async (token: string) =>
        contentRangeTotal(await http.get('/api/v1/orders').set('Authorization', `Bearer ${token}`).expect(200));
      expect(await orders(await login('admin@demo-shop.test'))).toBe(364);
      expect(await orders(await login('admin@other-shop.test'))).toBe(56);
      expect(await orders(await login('ops@aftersale.test'))).toBe(420);
    });

    it("accepts the channel keys, each for its seller's orders", async () => {
      const orders = async (key: string) =>
        contentRangeTotal(await http.get('/api/v1/orders').set('X-Api-Key', key).expect(200));
      expect(await orders('demo-shop-channel-key')).toBe(364);
      expect(await orders('other-shop-channel-key')).toBe(56);
    });

    it('shows the returns, the unmatched parcels, the threads and their photos', async () => {
      const token = await login('agent@demo-shop.test');
      const get = (path: string) => http.get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).expect(200);
      const filter = (value: object) => encodeURIComponent(JSON.stringify(value));
      for (const state of RETURN_STATES)
        expect(contentRangeTotal(await get(`/returns?filter=${filter({ state })}`))).toBeGreaterThan(0);
      expect(contentRangeTotal(await get(`/parcels?filter=${filter({ matched: false })}`))).toBeGreaterThan(0);
      const [message] = await dataSource.query(
        `SELECT case_id, attachment_ids->>0 AS photo FROM messages WHERE seller_id = $1 AND jsonb_array_length(attachment_ids) > 0 LIMIT 1`,
        [DEMO_SHOP_ID],
      );
      const thread = await get(`/messages?filter=${filter({ caseType: 'return', caseId: message.case_id })}`);
      expect(thread.body.some((m: { attachmentIds: string[] }) => m.attachmentIds.includes(message.photo))).toBe(true);
      const photo = await http
        .get(`/api/v1/attachments/${message.photo}`)
        .set('X-Api-Key', 'demo-shop-channel-key')
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        });
      expect([photo.status, photo.headers['content-type'], (photo.body as Buffer).subarray(1, 4).toString()]).toEqual([
        200,
        'image/png',
        'PNG',
      ]);
    });
  });
});
