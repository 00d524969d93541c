import { randomUUID } from 'node:crypto';
import { loadServerConfig } from '@aftersale/server/messaging';
import { PlumbingRetention } from '@aftersale/server/persistence';
import { RetentionSweep } from '../../apps/worker/src/retention/retention-sweep.service';
import { as, countRows, createTenant, eventually, ok, orderBody, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('retention (README "Retention"): plumbing removed when old, evidence kept', () => {
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    // no worker loops: each test runs the sweep itself, except the one about the loop
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
  });
  afterAll(() => stack.close());

  /** A finished (or still accepted) command row whose times lie `ageDays` in the past. */
  async function command(state: 'succeeded' | 'failed' | 'accepted', ageDays: number, key?: string): Promise<string> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO commands (id, type, principal, seller_id, actor, request_key, idempotency_key, body_hash, payload, state,
         accepted_at, completed_at, result)
       VALUES ($1, 'CreateOrder', $2, $3, '{"kind":"channel"}', 'POST /orders', $4, 'hash', '{"secret":"payload"}', $5,
         now() - $6 * interval '1 day', CASE WHEN $5 = 'accepted' THEN NULL ELSE now() - $6 * interval '1 day' END,
         '{"some":"result"}')`,
      [id, `channel:${tenant.sellerId}`, tenant.sellerId, key ?? null, state, ageDays],
    );
    return id;
  }
  async function event(ageDays: number, processed: boolean): Promise<string> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload, created_at, published_at, processed_at)
       VALUES ($1, 'RetentionProbe', $2, 'probe', $3, '{}', now() - $4 * interval '1 day', now() - $4 * interval '1 day',
         CASE WHEN $5 THEN now() - $4 * interval '1 day' END)`,
      [id, tenant.sellerId, randomUUID(), ageDays, processed],
    );
    await stack.dataSource.query(
      `INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('probe', $1, now() - $2 * interval '1 day')`,
      [id, ageDays],
    );
    return id;
  }
  const exists = async (table: string, id: string) =>
    (await countRows(stack, `${table} WHERE ${table === 'inbox' ? 'event_id' : 'id'} = $1`, [id])) === 1;

  it('removes finished commands after 30 days and processed outbox/inbox rows after 7, in batches; keeps the rest', async () => {
    const oldCommands = [
      await command('succeeded', 31),
      await command('failed', 31),
      await command('succeeded', 45),
      await command('succeeded', 60),
      await command('failed', 90),
    ];
    const recentCommand = await command('succeeded', 29);
    const stuckCommand = await command('accepted', 40); // not finished: never removed
    const oldEvent = await event(8, true);
    const unprocessedEvent = await event(8, false); // still owed to its consumers: kept with its inbox row
    const recentEvent = await event(6, true);
    // evidence, however old
    await stack.dataSource.query(
      `INSERT INTO audit_events (id, seller_id, case_type, case_id, type, actor, at) VALUES ($1, $2, 'order', $3, 'RetentionProbe', '{"kind":"system"}', now() - interval '400 days')`,
      [randomUUID(), tenant.sellerId, randomUUID()],
    );
    await stack.dataSource.query(
      `INSERT INTO messages (id, seller_id, case_type, case_id, author, body, created_at) VALUES ($1, $2, 'return', $3, '{"kind":"system","name":"Aftersale"}', 'old', now() - interval '400 days')`,
      [randomUUID(), tenant.sellerId, randomUUID()],
    );
    const evidence = async () => [await countRows(stack, 'audit_events'), await countRows(stack, 'messages')];
    const evidenceBefore = await evidence();

    const removed = await new RetentionSweep(new PlumbingRetention(stack.dataSource), loadServerConfig()).sweep(2);

    for (const id of oldCommands) expect(await exists('commands', id)).toBe(false);
    expect(removed.commands).toBeGreaterThanOrEqual(oldCommands.length); // more than one batch of 2
    expect(await exists('commands', recentCommand)).toBe(true);
    expect(await exists('commands', stuckCommand)).toBe(true);
    expect(await exists('outbox', oldEvent)).toBe(false);
    expect(await exists('inbox', oldEvent)).toBe(false);
    expect(await exists('outbox', unprocessedEvent)).toBe(true);
    expect(await exists('inbox', unprocessedEvent)).toBe(true);
    expect(await exists('outbox', recentEvent)).toBe(true);
    expect(await exists('inbox', recentEvent)).toBe(true);
    expect(await evidence()).toEqual(evidenceBefore);
  });

  it('RETENTION_COMMANDS_DAYS and RETENTION_EVENTS_DAYS set the periods', async () => {
    const command10 = await command('succeeded', 10);
    const event3 = await event(3, true);
    process.env.RETENTION_COMMANDS_DAYS = '9';
    process.env.RETENTION_EVENTS_DAYS = '2';
    try {
      await new RetentionSweep(new PlumbingRetention(stack.dataSource), loadServerConfig()).sweep();
    } finally {
      delete process.env.RETENTION_COMMANDS_DAYS;
      delete process.env.RETENTION_EVENTS_DAYS;
    }
    expect(await exists('commands', command10)).toBe(false);
    expect(await exists('outbox', event3)).toBe(false);
  });

  it('runs periodically in the worker (RETENTION_SWEEP_MS)', async () => {
    const old = await command('succeeded', 31);
    process.env.RETENTION_SWEEP_MS = '100';
    await stack.startWorker();
    try {
      await eventually(async () => !(await exists('commands', old)));
    } finally {
      await stack.stopWorker();
      delete process.env.RETENTION_SWEEP_MS;
    }
  });

  it("frees Idempotency-Keys older than 24 hours, and keeps younger ones; a freed key's password hash goes with it", async () => {
    const expired = await command('succeeded', 1.1, `key-${randomUUID()}`);
    const live = await command('succeeded', 0.9, `key-${randomUUID()}`);
    await stack.dataSource.query(
      `UPDATE commands SET payload = '{"userId":"u","passwordHash":"$scrypt$probe"}' WHERE id = ANY($1::uuid[])`,
      [[expired, live]],
    );
    await new RetentionSweep(new PlumbingRetention(stack.dataSource), loadServerConfig()).sweep();
    const rowOf = async (id: string) =>
      (await stack.dataSource.query(`SELECT idempotency_key, payload FROM commands WHERE id = $1`, [id]))[0];
    expect(await rowOf(expired)).toEqual({ idempotency_key: null, payload: { userId: 'u' } });
    expect(await rowOf(live)).toMatchObject({ payload: { userId: 'u', passwordHash: '$scrypt$probe' } });
    expect((await rowOf(live)).idempotency_key).not.toBeNull();
  });
});

describe('Idempotency-Key lookup (docs/api.md "Command semantics")', () => {
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
  });
  afterAll(() => stack.close());

  it('a keyed request looks its key up without writing to the database', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const key = `key-${randomUUID()}`;
    const body = orderBody();
    const first = ok(await channel.post('/orders', body, { 'Idempotency-Key': key }), 201);
    const statements: string[] = [];
    const query = stack.dataSource.query.bind(stack.dataSource);
    const spy = jest.spyOn(stack.dataSource, 'query').mockImplementation((sql: string, ...rest: any[]) => {
      statements.push(sql);
      return query(sql, ...rest);
    });
    try {
      const again = ok(await channel.post('/orders', body, { 'Idempotency-Key': key }), 201);
      expect(again.id).toBe(first.id);
    } finally {
      spy.mockRestore();
    }
    expect(statements.filter((sql) => /^\s*(UPDATE|DELETE)\b/i.test(sql))).toEqual([]);
  });

  it('a key older than 24 hours names nothing: the same key with another body is a new command', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const key = `key-${randomUUID()}`;
    const first = ok(await channel.post('/orders', orderBody(), { 'Idempotency-Key': key }), 201);
    await stack.dataSource.query(
      `UPDATE commands SET accepted_at = accepted_at - interval '25 hours' WHERE idempotency_key = $1`,
      [key],
    );
    // the retention sweep has not freed the key yet: the lookup itself must ignore it
    const second = ok(await channel.post('/orders', orderBody(), { 'Idempotency-Key': key }), 201);
    expect(second.id).not.toBe(first.id);
    expect(await countRows(stack, `commands WHERE idempotency_key = $1`, [key])).toBe(1);
  });
});
