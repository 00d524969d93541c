import { Client, Notification } from 'pg';
import { JobName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { outboxRelayQueries } from '@aftersale/server/persistence';
import { EventReactions } from '../../apps/worker/src/events/event-reactions.service';
import { OutboxRelay } from '../../apps/worker/src/events/outbox-relay.service';
import { RecoverySweep } from '../../apps/worker/src/events/recovery-sweep.service';
import { WorkerMetrics } from '../../apps/worker/src/ops/metrics/worker-metrics';
import { workerForThisFile } from './support/worker-under-test';
import { mediumDatabaseUrl } from './support/medium-env';

interface OutboxRow {
  id: string;
  type: string;
  aggregate_type: string;
  published_at: Date | null;
  processed_at: Date | null;
}

describe('the outbox bookkeeping: events no consumer reacts to get no outbox row (docs/benchmarks.md, 13 and 63); the relay claims and marks without waiting for the disk (16); the writer publishes its events (32)', () => {
  const worker = workerForThisFile();
  let listener: Client;
  const notifications: Notification[] = [];

  beforeAll(async () => {
    listener = new Client({ connectionString: mediumDatabaseUrl(process.env.JEST_WORKER_ID ?? 1) });
    await listener.connect();
    listener.on('notification', (notification) => notifications.push(notification));
    await listener.query('LISTEN outbox');
  });
  afterAll(() => listener?.end());

  const outboxOfOrder = (orderId: string): Promise<OutboxRow[]> =>
    worker.dataSource.query(
      `SELECT id, type, aggregate_type, published_at, processed_at FROM outbox
       WHERE aggregate_id = $1 OR payload->>'orderId' = $1::text ORDER BY created_at`,
      [orderId],
    );

  /**
   * The notifications of the transactions committed so far: a probe is notified from another session and awaited;
   * PostgreSQL delivers notifications in commit order, so whatever the outbox sent is in before it.
   */
  async function notifiedSoFar(): Promise<string[]> {
    const probe = `probe-${crypto.randomUUID()}`;
    await worker.dataSource.query(`SELECT pg_notify('outbox', $1)`, [probe]);
    const deadline = Date.now() + 5000;
    while (!notifications.some((n) => n.payload === probe)) {
      if (Date.now() > deadline) throw new Error('the probe notification never arrived');
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seen = notifications.splice(0).map((n) => n.payload ?? '');
    return seen.slice(0, seen.indexOf(probe));
  }

  it('an event no reaction wants gets its audit row and no outbox row; one a reaction wants is written published and its job is added by the writer after the commit', async () => {
    const orderId = await worker.order(worker.sellerId);
    // the files this jest worker ran before share its database and may have left rows to the relay: published
    // first, so that the relay's batch at the end holds only what this command left it
    const relay = worker.get(OutboxRelay);
    while ((await relay.publishBatch()) > 0);
    worker.queues.jobs.splice(0);
    // a pending order's cancellation is approved at once, and its refund issued, in one transaction
    const opened = await worker.command(
      JobName.CreateCancellation,
      { orderId, reasonId: 'changed-mind', initiator: 'buyer' },
      worker.sellerId,
    );
    expect(opened.state).toBe('succeeded');
    const audited: { type: string; aggregate_type: string }[] = await worker.dataSource.query(
      // (an order's, a cancellation's and a refund's events: their case is their aggregate)
      `SELECT type, case_type AS aggregate_type FROM audit_events WHERE order_id = $1 ORDER BY seq`,
      [orderId],
    );
    const reactions = worker.get(EventReactions);
    const wants = (event: { type: string; aggregate_type: string }) =>
      reactions.wants({ type: event.type, aggregateType: event.aggregate_type });
    expect(audited.map((event) => event.type)).toEqual(
      expect.arrayContaining(['OrderCreated', 'OrderCancelled', 'RefundCreated']),
    );
    expect(audited.filter((event) => !wants(event)).length).toBeGreaterThan(0);
    const rows = await outboxOfOrder(orderId);
    // the outbox holds the wanted events only, written published, their jobs added by the writer
    expect(rows.map((row) => row.type)).toEqual(audited.filter(wants).map((event) => event.type));
    expect(rows.map((row) => row.type)).toContain('RefundCreated');
    for (const { type, published_at, processed_at } of rows)
      expect({ type, published_at, processed_at }).toEqual({
        type,
        published_at: expect.any(Date),
        processed_at: null,
      });
    // the jobs the relay would have added, under the same ids
    expect(
      worker.queues.named(JobName.PublishedEvent).map((job) => ({ id: job.opts?.jobId, outboxId: job.data.outboxId })),
    ).toEqual(rows.map((row) => ({ id: jobIdFor('evt', row.id), outboxId: row.id })));
    expect(await relay.publishBatch()).toBe(0);
  });

  it('a command’s transaction does not wake the relay, whether or not a reaction wants its events; a row left to the relay does', async () => {
    const orderId = await worker.order(worker.sellerId);
    await notifiedSoFar();
    expect((await worker.command(JobName.ProcessOrder, { orderId }, worker.sellerId)).state).toBe('succeeded');
    expect(await notifiedSoFar()).toEqual([]);
    // a buyer's request on a processing order waits for the seller: its deadline timer reacts to it
    const requested = await worker.command(
      JobName.CreateCancellation,
      { orderId, reasonId: 'changed-mind', initiator: 'buyer' },
      worker.sellerId,
    );
    expect(requested.state).toBe('succeeded');
    expect(await notifiedSoFar()).toEqual([]);
    await worker.dataSource.query(
      `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload) VALUES ($1, 'RelayProbe', $2, 'probe', $1, '{}')`,
      [crypto.randomUUID(), worker.sellerId],
    );
    expect(await notifiedSoFar()).toEqual(['']);
  });

  it('a committed event whose job does not reach Redis is not lost: the command stands, and the recovery sweep publishes the event once it has waited RECOVERY_AFTER_MS', async () => {
    const { orderId } = await worker.openCancellation();
    worker.queues.jobs.splice(0);
    worker.queues.failNextAdd(new Error('Redis is unreachable'));
    const metrics = worker.get(WorkerMetrics);
    const errorsBefore = (await metrics.eventPublishErrors.get()).values[0]?.value ?? 0;
    const [request] = await worker.dataSource.query(
      `SELECT id FROM cancellation_requests WHERE order_id = $1 AND state = 'awaiting_seller'`,
      [orderId],
    );
    const approved = await worker.command(JobName.ApproveCancellation, { cancellationId: request.id }, worker.sellerId);
    expect(approved.state).toBe('succeeded');
    expect(worker.queues.named(JobName.PublishedEvent)).toEqual([]);
    expect((await metrics.eventPublishErrors.get()).values[0]?.value).toBe(errorsBefore + 1);
    const [event] = await worker.dataSource.query(
      `SELECT id FROM outbox WHERE type = 'RefundCreated' AND payload->>'orderId' = $1::text`,
      [orderId],
    );
    // the database holds the other specs' events too: only this one's job is looked at
    const jobsOfTheEvent = () =>
      worker.queues.named(JobName.PublishedEvent).filter((job) => job.data.outboxId === event.id);
    const sweep = worker.get(RecoverySweep);
    await sweep.sweep(30_000);
    expect(jobsOfTheEvent()).toEqual([]);
    await worker.dataSource.query(`UPDATE outbox SET published_at = now() - interval '1 hour' WHERE id = $1`, [
      event.id,
    ]);
    await sweep.sweep(30_000);
    expect(jobsOfTheEvent().map((job) => job.opts?.jobId)).toEqual([jobIdFor('evt', event.id)]);
  });

  it('the relay’s claim and mark commit without waiting for the disk only for themselves: the connection’s next transaction waits again', async () => {
    const runner = worker.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const id = crypto.randomUUID();
      await runner.query(
        `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload) VALUES ($1, 'BookkeepingProbe', $2, 'probe', $1, '{}')`,
        [id, worker.sellerId],
      );
      const claimed = await outboxRelayQueries.claim(runner.manager, 200, 30_000);
      expect(claimed.map((row) => row.id)).toContain(id);
      expect(await runner.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
      await outboxRelayQueries.markPublished(runner.manager, [id], [id]);
      expect(await runner.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
      const [row] = await runner.query(`SELECT published_at, processed_at, claimed_until FROM outbox WHERE id = $1`, [
        id,
      ]);
      expect(row).toMatchObject({
        published_at: expect.any(Date),
        processed_at: expect.any(Date),
        claimed_until: null,
      });
    } finally {
      await runner.release();
    }
  });
});
