import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { OutboxRelay } from '../../apps/worker/src/events/outbox-relay.service';
import { EventReactions } from '../../apps/worker/src/events/event-reactions.service';
import { QueueWorkers } from '../../apps/worker/src/infrastructure/queue-workers.service';
import { createTenant, eventually } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** A gate: `reached` resolves when the code under test gets there, `open()` lets it continue. */
function gate() {
  let reach!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { reached, reach, opened, open };
}

describe('the outbox relay (README "How it works": at least once, no transaction held while it talks to Redis)', () => {
  let stack: Stack;
  let sellerId: string;
  let worker: INestApplicationContext;
  let relay: OutboxRelay;
  let events: Queue;

  beforeAll(async () => {
    // the api and the database only; the relay under test runs in a worker context whose loops are not started
    stack = await startStack({ worker: false });
    sellerId = (await createTenant(stack)).sellerId;
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(stack.config), { logger: false });
    relay = worker.get(OutboxRelay);
    events = worker.get(QueueWorkers).queue(QueueName.Events);
    // a consumer of the probe events, so that the relay publishes them (it publishes no job for an unwanted event)
    worker.get(EventReactions).register({
      consumer: 'relay-probe',
      to: (event) => event.type === 'RelayProbe',
      react: async () => undefined,
    });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await worker?.close();
    await stack.close();
  });

  /** Committed outbox rows of the probe's event type (one reaction, the test's, listens to it) or another. */
  async function outboxRows(count: number, type = 'RelayProbe'): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids) {
      await stack.dataSource.query(
        `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload) VALUES ($1, $4, $2, 'probe', $3, '{}')`,
        [id, sellerId, randomUUID(), type],
      );
    }
    return ids;
  }
  const published = async (ids: string[]) =>
    Number(
      (
        await stack.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1) AND published_at IS NOT NULL`,
          [ids],
        )
      )[0].n,
    );

  it('holds no row lock and no open transaction while it publishes to Redis', async () => {
    const ids = await outboxRows(3);
    const publishing = gate();
    const addBulk = events.addBulk.bind(events);
    jest.spyOn(events, 'addBulk').mockImplementation(async (jobs) => {
      publishing.reach();
      await publishing.opened;
      return addBulk(jobs);
    });
    const batch = relay.publishBatch();
    await publishing.reached;

    // another session may lock the rows at once: nothing of the relay's is held while it waits on Redis
    await stack.dataSource.transaction((manager) =>
      manager.query(`SELECT id FROM outbox WHERE id = ANY($1) FOR UPDATE NOWAIT`, [ids]),
    );
    const [{ n: idleInTransaction }] = await stack.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(idleInTransaction).toBe(0);

    publishing.open();
    expect(await batch).toBeGreaterThanOrEqual(3);
    expect(await published(ids)).toBe(3);
    for (const id of ids) expect(await events.getJob(jobIdFor('evt', id))).toBeTruthy();
  });

  it('a relay that stops between claiming and marking loses nothing: the batch is published again once its claim lapses', async () => {
    const ids = await outboxRows(2);
    const stuck = gate();
    jest.spyOn(events, 'addBulk').mockImplementationOnce(async () => {
      stuck.reach();
      await stuck.opened; // never opened: this relay "died" holding its claim
      throw new Error('the relay stopped');
    });
    void relay.publishBatch(200, 500).catch(() => undefined);
    await stuck.reached;

    // while the claim holds, other relays leave the batch alone
    await relay.publishBatch();
    expect(await published(ids)).toBe(0);

    // once it lapses, the next relay publishes it
    await eventually(async () => (await relay.publishBatch()) > 0 && (await published(ids)) === 2);
    for (const id of ids) expect(await events.getJob(jobIdFor('evt', id))).toBeTruthy();
    stuck.open();
  });

  it('a publish that fails gives the batch back at once, unpublished', async () => {
    const ids = await outboxRows(2);
    jest.spyOn(events, 'addBulk').mockRejectedValueOnce(new Error('Redis is unreachable'));
    await expect(relay.publishBatch()).rejects.toThrow('Redis is unreachable');
    expect(await published(ids)).toBe(0);
    expect(await relay.publishBatch()).toBeGreaterThanOrEqual(2);
    expect(await published(ids)).toBe(2);
  });

  it('an event no consumer reacts to is settled by the relay: published and processed in one statement, no job', async () => {
    const ids = await outboxRows(2, 'NobodyListens');
    await relay.drain();
    const rows: { published_at: Date | null; processed_at: Date | null }[] = await stack.dataSource.query(
      `SELECT published_at, processed_at FROM outbox WHERE id = ANY($1)`,
      [ids],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.published_at).not.toBeNull();
      expect(row.processed_at).not.toBeNull();
    }
    for (const id of ids) expect(await events.getJob(jobIdFor('evt', id))).toBeUndefined();
  });
});
