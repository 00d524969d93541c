import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadServerConfig } from '@aftersale/server/messaging';
import { hashChannelKey, hashPassword, scryptParams } from '../../../apps/api/src/infrastructure/auth/passwords';
import { Stack } from './stack';

/** A password hashed at the cost the api hashes at (the tests lower it with PASSWORD_SCRYPT_LOG_N). */
export function passwordHashOf(password: string): Promise<string> {
  return hashPassword(password, scryptParams(loadServerConfig().passwordScryptLogN));
}

export interface TenantFixture {
  sellerId: string;
  channelKey: string;
  admin: string;
  agent: string;
  warehouse: string;
}

const PASSWORD = 'test-password';
let passwordHash: Promise<string> | undefined;

/** A new seller with its users and channel key: each suite works in a tenant of its own. */
export async function createTenant(
  stack: Stack,
  settings: { cancellationDeadlineHours?: number } = {},
): Promise<TenantFixture> {
  const ds: DataSource = stack.dataSource;
  const sellerId = randomUUID();
  const suffix = sellerId.slice(0, 8);
  passwordHash ??= passwordHashOf(PASSWORD);
  const hash = await passwordHash;
  await ds.query(`INSERT INTO sellers (id, name) VALUES ($1, $2)`, [sellerId, `Shop ${suffix}`]);
  await ds.query(
    `INSERT INTO seller_settings (seller_id, cancellation_deadline_hours, default_return_address) VALUES ($1, $2, 'Moscow, Returns st. 1')`,
    [sellerId, settings.cancellationDeadlineHours ?? 72],
  );
  const channelKey = `key-${randomUUID()}`;
  await ds.query(`INSERT INTO channel_keys (id, seller_id, name, key_hash) VALUES ($1, $2, 'marketplace', $3)`, [
    randomUUID(),
    sellerId,
    hashChannelKey(channelKey),
  ]);
  const tokens: Record<string, string> = {};
  for (const role of ['seller_admin', 'seller_agent', 'warehouse']) {
    const email = `${role}-${suffix}@test.example`;
    await ds.query(
      `INSERT INTO users (id, email, name, password_hash, role, seller_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), email, `${role} ${suffix}`, hash, role, sellerId],
    );
    tokens[role] = await login(stack, email);
  }
  return { sellerId, channelKey, admin: tokens.seller_admin, agent: tokens.seller_agent, warehouse: tokens.warehouse };
}

/** An ops user, logged in: its bearer token. */
export async function createOps(stack: Stack): Promise<string> {
  return login(stack, await createOpsUser(stack));
}

/** An ops user with the test password: its email, for a browser's login page. */
export async function createOpsUser(stack: Stack): Promise<string> {
  passwordHash ??= passwordHashOf(PASSWORD);
  const email = `ops-${randomUUID().slice(0, 8)}@test.example`;
  await stack.dataSource.query(
    `INSERT INTO users (id, email, name, password_hash, role) VALUES ($1, $2, 'Ops', $3, 'ops')`,
    [randomUUID(), email, await passwordHash],
  );
  return email;
}

async function login(stack: Stack, email: string): Promise<string> {
  const response = await stack.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
  if (response.status !== 200)
    throw new Error(`login failed for ${email}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}

let posting = 0;
export function orderBody(overrides: Record<string, unknown> = {}) {
  posting++;
  return {
    postingNumber: `T${Date.now().toString().slice(-6)}-${process.pid}-${posting}`,
    buyer: { name: 'Иван Петров', email: 'ivan@example.test' },
    lines: [{ sku: 'SKU-1', name: 'Phone case', quantity: 2, unitPrice: { amount: 50000, currency: 'RUB' } }],
    paid: { amount: 100000, currency: 'RUB' },
    ...overrides,
  };
}

/** Small client helpers: each returns the supertest response. */
export function as(stack: Stack, credential: { token?: string; key?: string }) {
  const auth = (request: any) =>
    credential.token
      ? request.set('Authorization', `Bearer ${credential.token}`)
      : request.set('X-Api-Key', credential.key!);
  return {
    get: (path: string) => auth(stack.http.get(`/api/v1${path}`)),
    post: (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      auth(stack.http.post(`/api/v1${path}`))
        .set(headers)
        .send(body as object),
    put: (path: string, body?: unknown) => auth(stack.http.put(`/api/v1${path}`)).send(body as object),
  };
}

/**
 * How long to wait for a deadline's timer in the suites that set a deadline of 0.001 hours: the deadline (3.6 s), the
 * grace (DEADLINE_GRACE_MS, 10.5 s in the tests), then the delayed job and its transaction, on two cores the whole
 * suite and its browsers share (the default 10 s left under 4 s for that, and CI ran out of it once).
 */
export const DEADLINE_TIMER_WAIT_MS = 35_000;

/** Polls until `check` returns a truthy value (for effects that happen after the answer: refunds, timers). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The total of a list answer's `Content-Range: <resource> a-b/<total>` header. */
export function contentRangeTotal(response: { headers: Record<string, string> }): number {
  const match = /\/(\d+)$/.exec(response.headers['content-range'] ?? '');
  if (!match) throw new Error(`no Content-Range total in ${JSON.stringify(response.headers['content-range'])}`);
  return Number(match[1]);
}

/** `?filter=…&sort=…&range=…` with each value JSON-encoded, as react-admin sends them. */
export function listQuery(params: { filter?: unknown; sort?: unknown; range?: unknown }): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** An order of the tenant moved to `status` through the api (channel creates, an agent moves it forward). */
export async function orderInStatus(
  stack: Stack,
  tenant: TenantFixture,
  status: 'pending' | 'processing' | 'shipped' | 'delivered',
  body = orderBody(),
): Promise<string> {
  const channel = as(stack, { key: tenant.channelKey });
  const agent = as(stack, { token: tenant.agent });
  const created = await channel.post('/orders', body);
  if (created.status !== 201) throw new Error(`order not created: ${created.status} ${JSON.stringify(created.body)}`);
  const id: string = created.body.id;
  const step = async (response: Promise<{ status: number; body: unknown }>, what: string) => {
    const r = await response;
    if (r.status !== 200) throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
  };
  if (status !== 'pending') await step(agent.post(`/orders/${id}/process`), 'process');
  if (status === 'shipped' || status === 'delivered') await step(agent.post(`/orders/${id}/ship`), 'ship');
  if (status === 'delivered') await step(channel.post(`/orders/${id}/deliver`), 'deliver');
  return id;
}

/** The buyer returns one unit of the order's SKU-1 (`wrong-model`) through the channel: the new case, `requested`. */
export async function buyerReturn(stack: Stack, tenant: TenantFixture, orderId: string): Promise<any> {
  const opened = await as(stack, { key: tenant.channelKey }).post('/returns', {
    orderId,
    type: 'buyer_return',
    lines: [{ sku: 'SKU-1', quantity: 1 }],
    reasonId: 'wrong-model',
  });
  if (opened.status !== 201) throw new Error(`return not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body;
}

/** Row counts straight from PostgreSQL, the ground truth for "applied once". */
export async function countRows(stack: Stack, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await stack.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return rows[0].n;
}

/** What the assertions below read of a supertest response. */
export type Answer = {
  status: number;
  headers: Record<string, string>;
  body: any;
  req?: { method?: string; path?: string };
};

/** The body of a response that must have `status`; otherwise fails with what came back instead. */
export function ok(response: Answer, status = 200): any {
  if (response.status !== status) {
    throw new Error(
      `${response.req?.method} ${response.req?.path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

/**
 * The body of a command's answer once the command is applied. A suite whose stack waits only briefly (to test the
 * 202 path elsewhere) can get 202 on a busy machine: the command is then followed at `/commands/:id`.
 */
export async function applied(client: ReturnType<typeof as>, answer: Answer, status = 200): Promise<any> {
  if (answer.status !== 202) return ok(answer, status);
  const command = await eventually(async () => {
    const found = ok(await client.get(`/commands/${answer.body.id}`));
    return found.state === 'accepted' ? undefined : found;
  }, 30000);
  if (command.state !== 'succeeded')
    throw new Error(`command ${command.id} ${command.state}: ${JSON.stringify(command)}`);
  return command.result;
}

/** An RFC 9457 problem document with this status and code. */
export function expectProblem(response: Answer, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toContain('application/problem+json');
}

export const rub = (amount: number) => ({ amount, currency: 'RUB' });
export const trackingNumber = () => `TRK${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
