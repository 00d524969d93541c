import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActorRef, CommandState, CreateOrderBody, JobName, ProblemDocument } from '@aftersale/contracts';
import { loadServerConfig, ServerConfig } from '@aftersale/server/messaging';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { JobHandlerRegistry } from '../../../apps/worker/src/infrastructure/job-handlers';
import { QueueWorkers } from '../../../apps/worker/src/infrastructure/queue-workers.service';
import { PaymentSimulator } from '../../../apps/worker/src/payments/payment-simulator.adapter';
import { RefundExecution } from '../../../apps/worker/src/refunds/execute-refund/refund-execution.service';
import { mediumDatabaseUrl } from './medium-env';

export interface QueuedJob {
  name: string;
  data: Record<string, unknown>;
  opts?: { jobId?: string; delay?: number };
}

/** Stands in for BullMQ: what the worker enqueues is kept here for the test to read. */
export class RecordedQueues {
  readonly jobs: QueuedJob[] = [];
  /** what the worker leaves running after a job (its reactions after a commit), as shutdown waits for it */
  readonly lingering: (() => Promise<void>)[] = [];
  private unreachable?: Error;
  private readonly queue = {
    add: async (name: string, data: Record<string, unknown>, opts?: QueuedJob['opts']) => {
      this.reach();
      this.jobs.push({ name, data, opts });
      return { id: opts?.jobId };
    },
    addBulk: async (jobs: QueuedJob[]) => {
      this.reach();
      this.jobs.push(...jobs);
      return jobs;
    },
    // a recorded job is still queued (until the test takes it out, as Redis losing it would)
    getJob: async (jobId: string) =>
      this.jobs.some((job) => job.opts?.jobId === jobId)
        ? { id: jobId, getState: async () => 'waiting', isFailed: async () => false }
        : undefined,
  };

  /** The next add (or addBulk) fails with `error`, as when Redis cannot be reached; the ones after it succeed. */
  failNextAdd(error: Error): void {
    this.unreachable = error;
  }

  private reach(): void {
    const error = this.unreachable;
    this.unreachable = undefined;
    if (error) throw error;
  }

  asQueueWorkers(): Partial<QueueWorkers> {
    return {
      queue: () => this.queue as never,
      queueFor: () => this.queue as never,
      finishAlso: (settled) => this.lingering.push(settled),
    };
  }

  named(name: JobName): QueuedJob[] {
    return this.jobs.filter((job) => job.name === name);
  }
}

export const ALICE: ActorRef = { kind: 'user', id: randomUUID(), name: 'Alice' };
export const CHANNEL = (sellerId: string): ActorRef => ({ kind: 'channel', id: sellerId, name: 'marketplace' });

export interface CommandRow {
  state: CommandState;
  resourceId: string | null;
  result: any;
  problem: ProblemDocument | null;
}

/**
 * The real worker — every context module, the real PostgreSQL, command execution and the job registry — with
 * no Redis and no loops: jobs are handed to the registry by the test, as a BullMQ worker would.
 */
export class WorkerUnderTest {
  readonly queues = new RecordedQueues();
  app!: INestApplicationContext;
  dataSource!: DataSource;
  /** the spec file's own seller, in a tenant of its own (`workerForThisFile`) */
  sellerId!: string;

  /** `overrides`: settings of this worker (e.g. `workerAfterCommitReactions`), over the environment's */
  constructor(private readonly overrides: Partial<ServerConfig> = {}) {}

  async start(): Promise<this> {
    process.env.WORKER_AUTOSTART = 'false';
    process.env.LOG_LEVEL ??= 'silent';
    process.env.DEADLINE_GRACE_MS ??= '2500';
    process.env.WORKER_DATABASE_POOL_SIZE ??= '4';
    // the events' jobs are recorded and handed over by the test; reactions-after-commit.medium-spec.ts runs them after
    // the commit instead, as the worker does by default
    process.env.WORKER_AFTER_COMMIT_REACTIONS ??= '0';
    const config = loadServerConfig({
      databaseUrl: mediumDatabaseUrl(process.env.JEST_WORKER_ID ?? 1),
      redisUrl: 'redis://127.0.0.1:1',
      queuePrefix: 'medium',
      commandWaitMs: 0,
      jwtSecret: 'medium',
      jwtTtlSeconds: 60,
      production: false,
      ...this.overrides,
    });
    this.app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(config, { queues: this.queues.asQueueWorkers() }),
      { logger: false },
    );
    this.dataSource = this.app.get(DataSource);
    return this;
  }

  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  close(): Promise<void> {
    return this.app.close();
  }

  /** Once the reactions the worker started after its commits so far have ended (`ReactionsAfterCommit.settled`). */
  async afterCommitSettled(): Promise<void> {
    await Promise.all(this.queues.lingering.map((settled) => settled()));
  }

  /** A seller with its settings, in a tenant of its own. */
  async seller(settings: { cancellationDeadlineHours?: number } = {}): Promise<string> {
    const sellerId = randomUUID();
    await this.dataSource.query(`INSERT INTO sellers (id, name) VALUES ($1, $2)`, [sellerId, `Shop ${sellerId}`]);
    await this.dataSource.query(
      `INSERT INTO seller_settings (seller_id, cancellation_deadline_hours, default_return_address) VALUES ($1, $2, 'Moscow, Returns st. 1')`,
      [sellerId, settings.cancellationDeadlineHours ?? 72],
    );
    return sellerId;
  }

  /** Records an accepted command as the api does, without running it; returns its id. */
  async accept(
    type: JobName,
    payload: object,
    sellerId: string,
    options: { actor?: ActorRef; resourceId?: string; acceptedAt?: Date } = {},
  ): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO commands (id, type, principal, seller_id, actor, request_key, body_hash, payload, state, accepted_at, resource_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'medium', $7, 'accepted', coalesce($8, now()), $9)`,
      [
        id,
        type,
        `user:${ALICE.id}`,
        sellerId,
        JSON.stringify(options.actor ?? ALICE),
        `POST ${type} ${id}`,
        JSON.stringify(payload),
        options.acceptedAt ?? null,
        options.resourceId ?? null,
      ],
    );
    return id;
  }
  /** Hands a job to the worker's registry, as the queue's BullMQ worker would; `attempt` counts from 1. Returns the job's return value. */
  /** Hands a job to the worker's registry, as the queue's BullMQ worker would; `attempt` counts from 1. */
  job(name: JobName, data: Record<string, unknown>, attempt = 1, attempts = 8): Promise<unknown> {
    return this.get(JobHandlerRegistry).handle({
      id: `medium-${randomUUID()}`,
      name,
      data,
      attemptsMade: attempt - 1,
      attemptsStarted: attempt,
      opts: { attempts },
    } as never);
  }

  /** Accepts a command and runs its job once; returns the command row. */
  async command(
    type: JobName,
    payload: object,
    sellerId: string,
    options: { actor?: ActorRef } = {},
  ): Promise<CommandRow & { id: string }> {
    const id = await this.accept(type, payload, sellerId, options);
    await this.job(type, { commandId: id });
    return { id, ...(await this.commandRow(id)) };
  }

  /** One column of the row `id` of a table, e.g. `field('orders', 'status', orderId)`. */
  async field(table: string, column: string, id: string): Promise<unknown> {
    const [row] = await this.dataSource.query(`SELECT ${column} AS value FROM ${table} WHERE id = $1`, [id]);
    return row?.value;
  }

  async commandRow(id: string): Promise<CommandRow> {
    const [row] = await this.dataSource.query(
      `SELECT state, resource_id AS "resourceId", result, problem FROM commands WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** A pending order, created through its command by the channel. */
  async order(sellerId: string, overrides: Partial<CreateOrderBody> = {}): Promise<string> {
    const created = await this.command(JobName.CreateOrder, orderBody(overrides), sellerId, {
      actor: CHANNEL(sellerId),
    });
    if (created.state !== 'succeeded') throw new Error(`order not created: ${JSON.stringify(created.problem)}`);
    return created.resourceId!;
  }

  /** A processing order of the file's seller (a buyer's cancellation of a pending one is approved at once). */
  async processingOrder(): Promise<string> {
    const orderId = await this.order(this.sellerId);
    const processed = await this.command(JobName.ProcessOrder, { orderId }, this.sellerId);
    if (processed.state !== 'succeeded') throw new Error(`order not processed: ${JSON.stringify(processed.problem)}`);
    return orderId;
  }

  /** A processing order of the file's seller with a buyer's cancellation awaiting the seller. */
  async openCancellation(): Promise<{ orderId: string; cancellationId: string }> {
    const orderId = await this.processingOrder();
    const created = await this.command(
      JobName.CreateCancellation,
      { orderId, reasonId: 'changed-mind' },
      this.sellerId,
      { actor: CHANNEL(this.sellerId) },
    );
    if (created.state !== 'succeeded') throw new Error(`cancellation not opened: ${JSON.stringify(created.problem)}`);
    return { orderId, cancellationId: created.resourceId! };
  }

  /**
   * A seller's cancellation of a pending order, and the refund it issued: its first attempt started by the decision
   * (docs/reliability.md "One attempt at a time"), its `RefundCreated` event's job (`eventJob`) published by the worker
   * and recorded, not run.
   */
  async refundOfCancelledOrder(): Promise<{
    orderId: string;
    refundId: string;
    key: string;
    eventId: string;
    eventJob: Record<string, unknown>;
  }> {
    const orderId = await this.order(this.sellerId);
    const cancelled = await this.command(
      JobName.CancelOrderBySeller,
      { orderId, reasonId: 'out-of-stock' },
      this.sellerId,
    );
    if (cancelled.state !== 'succeeded') throw new Error(`order not cancelled: ${JSON.stringify(cancelled.problem)}`);
    const [row] = await this.dataSource.query(
      `SELECT r.id AS "refundId", r.idempotency_key AS key, o.id AS "eventId"
       FROM refunds r JOIN outbox o ON o.aggregate_id = r.id AND o.type = 'RefundCreated' WHERE r.order_id = $1`,
      [orderId],
    );
    return { orderId, ...row, eventJob: this.publishedJobOf(row.eventId) };
  }

  /** The data of the job the worker published for the outbox row `eventId` (the event in it), as recorded. */
  publishedJobOf(eventId: string): Record<string, unknown> {
    const job = this.queues.named(JobName.PublishedEvent).find((recorded) => recorded.data.outboxId === eventId);
    if (!job?.data.event) throw new Error(`no job with its event was published for ${eventId}`);
    return job.data;
  }

  /**
   * The attempt the decision started on a refund fresh from `refundOfCancelledOrder`, made as its event's first
   * delivery makes it, whose call to the provider fails: the refund is left `processing` with its first attempt
   * counted and no hold (a failed call ends its attempt at once), as a worker killed mid-call leaves it once that
   * attempt's lease has run out. Nothing else of the event's job is left: no inbox row, no retry job.
   */
  async paymentAttemptThatDies(refundId: string): Promise<void> {
    const simulator = this.get(PaymentSimulator);
    const settings = simulator.settings;
    simulator.settings = { ...settings, failureRate: 1 };
    try {
      const [row] = await this.dataSource.query(
        `SELECT id, payload FROM outbox WHERE aggregate_id = $1 AND type = 'RefundCreated'`,
        [refundId],
      );
      await this.get(RefundExecution).payNow({ ...row.payload, id: row.id }, { first: true });
    } finally {
      simulator.settings = settings;
    }
    const [refund] = await this.dataSource.query(`SELECT state, attempts, attempt_ends_by FROM refunds WHERE id = $1`, [
      refundId,
    ]);
    if (refund.state !== 'processing' || refund.attempts !== 1 || refund.attempt_ends_by !== null)
      throw new Error(`the attempt did not fail at the provider: ${JSON.stringify(refund)}`);
    const retries = this.queues.jobs.filter(
      (job) => job.name === JobName.ExecuteRefund && job.data.refundId === refundId,
    );
    for (const retry of retries) this.queues.jobs.splice(this.queues.jobs.indexOf(retry), 1);
  }
}

/**
 * The worker a spec file shares: started before the file's tests, with a seller of its own (`sellerId`), and
 * closed after them.
 */
export function workerForThisFile(overrides: Partial<ServerConfig> = {}): WorkerUnderTest {
  const worker = new WorkerUnderTest(overrides);
  beforeAll(async () => {
    await worker.start();
    worker.sellerId = await worker.seller();
  });
  afterAll(() => worker.close());
  return worker;
}

export function orderBody(overrides: Partial<CreateOrderBody> = {}): CreateOrderBody {
  return {
    postingNumber: `M-${randomUUID().slice(0, 13)}`,
    buyer: { name: 'Иван Петров' },
    lines: [{ sku: 'SKU-1', name: 'Phone case', quantity: 2, unitPrice: { amount: 50000, currency: 'RUB' } }],
    paid: { amount: 100000, currency: 'RUB' },
    ...overrides,
  };
}
