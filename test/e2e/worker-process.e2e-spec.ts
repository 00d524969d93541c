import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { startStack, Stack } from './support/stack';
import { freePort } from './support/free-port';
import { as, createTenant, eventually, ok, orderBody, TenantFixture } from './support/fixtures';
import { buildWorker, spawnWorker, WorkerProcess } from './support/built-worker';
import { TEST_DATABASE_URL } from './support/test-env';

/** The built worker as its own process, on the stack's Redis and the tests' database. */
async function startWorkerProcess(
  stack: Stack,
  main: string,
  metricsPort: number,
  settings: Record<string, string> = {},
): Promise<WorkerProcess> {
  const worker = spawnWorker(main, {
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: stack.config.redisUrl,
    QUEUE_PREFIX: stack.config.queuePrefix,
    WORKER_AUTOSTART: 'true',
    LOG_LEVEL: 'info',
    WORKER_METRICS_PORT: String(metricsPort),
    WORKER_METRICS_HOST: '127.0.0.1',
    // a refund payment takes long enough to send SIGTERM while it runs
    PAYMENT_SIMULATOR_LATENCY_MS: '5000',
    OUTBOX_POLL_MS: '50',
    WORKER_SHUTDOWN_TIMEOUT_MS: '20000',
    ...settings,
  });
  await worker.waitForLine((line) => line.msg === 'worker started', 60000);
  return worker;
}

/**
 * The built worker as its own process (docs/operations.md "Shutdown", "Correlation id"): SIGTERM while a
 * refund is being paid in its event's job, and the JSON log lines that job and its command leave.
 */
describe('the worker process', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let worker: WorkerProcess;
  // a refund is paid in its RefundCreated event's job (docs/benchmarks.md, 6)
  let events: Queue;
  let connection: Redis;
  const correlationId = `ops-test-${randomUUID()}`;
  let orderId: string;
  let refundId: string;
  let metricsPort: number;

  beforeAll(async () => {
    const main = buildWorker();
    metricsPort = await freePort();
    // a generous wait: the separate process may be slow to pick up the first jobs on a busy machine
    stack = await startStack({ worker: false, commandWaitMs: 20000 });
    tenant = await createTenant(stack);
    // the events' jobs run the reactions here: the path a reaction takes when no slot after the commit is free
    worker = await startWorkerProcess(stack, main, metricsPort, { WORKER_AFTER_COMMIT_REACTIONS: '0' });
    connection = new Redis(stack.config.redisUrl, { maxRetriesPerRequest: null });
    events = new Queue(QueueName.Events, { connection, prefix: stack.config.queuePrefix });
  }, 180000);

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await events?.close();
    connection?.disconnect();
    await stack?.close();
  });

  it('serves its own metrics on WORKER_METRICS_PORT', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('aftersale_sweep_runs_total');
  });

  it('a SIGTERM during an active job lets it finish and leaves no stalled job', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const agent = as(stack, { token: tenant.agent });
    orderId = ok(await channel.post('/orders', orderBody()), 201).id;
    // the seller cancels the paid order: a refund follows, paid by the (slow) payment simulator
    ok(await agent.post(`/orders/${orderId}/cancel`, { reasonId: 'out-of-stock' }, { 'X-Request-Id': correlationId }));
    const started = await worker.waitForLine((line) => line.msg === 'refund attempt');
    refundId = started.refundId;
    // the refund's payment is the one job running, and nothing waits that this worker would still take
    await eventually(async () => {
      const counts = await events.getJobCounts('active', 'waiting');
      return counts.active === 1 && counts.waiting === 0;
    });

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    const [refund] = await stack.dataSource.query(`SELECT state FROM refunds WHERE id = $1`, [refundId]);
    expect(refund.state).toBe('succeeded');
    // the refund's job, RefundCreated's (the one event of the cancellation a consumer wants), finished
    const [created] = await stack.dataSource.query(
      `SELECT id FROM outbox WHERE aggregate_id = $1 AND type = 'RefundCreated'`,
      [refundId],
    );
    expect(await (await events.getJob(jobIdFor('evt', created.id)))?.getState()).toBe('completed');
    expect(await events.getJobCounts('active', 'failed')).toEqual({ active: 0, failed: 0 });
    // Jobs may wait for the next worker, but none of this request's. The suites of one Jest worker share a database,
    // and this worker's relay and recovery sweep publish the events earlier suites left unprocessed; a SIGTERM stops
    // their loops but lets a run in progress finish, and what that run adds waits. (CI once found four jobs waiting
    // here; this request's cancellation publishes one, RefundCreated's, and its refund's outcome none.)
    const waiting = (await events.getWaiting()).map((job) => job.data.outboxId as string);
    const [{ ours }] = await stack.dataSource.query(
      `SELECT count(*)::int AS ours FROM outbox WHERE id = ANY($1::uuid[]) AND correlation_id = $2`,
      [waiting, correlationId],
    );
    expect(ours).toBe(0);
    // the lock was released with the job: nothing for a stalled-job check to find
    const redis = new Redis(stack.config.redisUrl);
    try {
      const keyPrefix = `${stack.config.queuePrefix}:${QueueName.Events}`;
      expect(await redis.keys(`${keyPrefix}:*:lock`)).toEqual([]);
      expect(await redis.llen(`${keyPrefix}:active`)).toBe(0);
      expect(await redis.scard(`${keyPrefix}:stalled`)).toBe(0);
    } finally {
      redis.disconnect();
    }
    expect(worker.lines.some((line) => line.msg === 'workers closed; active jobs finished')).toBe(true);
  });

  it("a request's correlation id is on the worker's log lines for its job and the refund it caused", async () => {
    const ours = worker.lines.filter((line) => line.correlationId === correlationId);
    expect(ours).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'job completed', job: 'CancelOrderBySeller', queue: 'orders' }),
        expect.objectContaining({ msg: 'job completed', job: 'PublishedEvent', queue: 'events' }),
        expect.objectContaining({ msg: 'refund attempt', refundId }),
        expect.objectContaining({ msg: 'refund settled', refundId, status: 'succeeded' }),
      ]),
    );
    // …and on the rows: the command, the events and the refund
    const [command] = await stack.dataSource.query(
      `SELECT correlation_id FROM commands WHERE type = 'CancelOrderBySeller' AND payload->>'orderId' = $1`,
      [orderId],
    );
    expect(command.correlation_id).toBe(correlationId);
    const [refund] = await stack.dataSource.query(`SELECT correlation_id FROM refunds WHERE id = $1`, [refundId]);
    expect(refund.correlation_id).toBe(correlationId);
    const events = await stack.dataSource.query(`SELECT type, correlation_id FROM outbox WHERE aggregate_id = $1`, [
      refundId,
    ]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event: { correlation_id: string }) => event.correlation_id === correlationId)).toBe(true);
    // no line of the worker carries a credential
    const text = JSON.stringify(worker.lines);
    expect(text).not.toContain(tenant.channelKey);
    expect(text).not.toContain(tenant.agent);
  });
});

/**
 * SIGTERM while a refund is being paid right after the commit of the decision that issued it, by the worker that
 * committed it (docs/architecture.md#outbox-and-inbox, WORKER_AFTER_COMMIT_REACTIONS): shutdown waits for that
 * reaction as it waits for an active job.
 */
describe('the worker process, reacting after its commits', () => {
  let stack: Stack;
  let worker: WorkerProcess;

  beforeAll(async () => {
    const main = buildWorker();
    stack = await startStack({ worker: false, commandWaitMs: 20000 });
    worker = await startWorkerProcess(stack, main, await freePort());
  }, 180000);

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await stack?.close();
  });

  it('a SIGTERM during a refund paid after its commit lets the payment finish, with no job of the events queue', async () => {
    const tenant = await createTenant(stack);
    const correlationId = `after-commit-${randomUUID()}`;
    const orderId = ok(await as(stack, { key: tenant.channelKey }).post('/orders', orderBody()), 201).id;
    ok(
      await as(stack, { token: tenant.agent }).post(
        `/orders/${orderId}/cancel`,
        { reasonId: 'out-of-stock' },
        { 'X-Request-Id': correlationId },
      ),
    );
    const { refundId } = await worker.waitForLine((line) => line.msg === 'refund attempt');

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    const [refund] = await stack.dataSource.query(
      `SELECT r.state, o.id AS "eventId", o.processed_at AS "processedAt"
       FROM refunds r JOIN outbox o ON o.aggregate_id = r.id AND o.type = 'RefundCreated' WHERE r.id = $1`,
      [refundId],
    );
    expect(refund.state).toBe('succeeded');
    expect(refund.processedAt).not.toBeNull();
    const connection = new Redis(stack.config.redisUrl, { maxRetriesPerRequest: null });
    const events = new Queue(QueueName.Events, { connection, prefix: stack.config.queuePrefix });
    try {
      expect(await events.getJob(jobIdFor('evt', refund.eventId))).toBeUndefined();
    } finally {
      await events.close();
      connection.disconnect();
    }
    expect(worker.lines.filter((line) => line.correlationId === correlationId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'job completed', job: 'CancelOrderBySeller', queue: 'orders' }),
        expect.objectContaining({ msg: 'refund attempt', refundId }),
        expect.objectContaining({ msg: 'refund settled', refundId, status: 'succeeded' }),
      ]),
    );
    expect(worker.lines.some((line) => line.msg === 'workers closed; active jobs finished')).toBe(true);
  });
});
