import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Histogram } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import {
  CommandJobResult,
  PROBLEM_STATUS,
  PROBLEM_TITLES,
  PROBLEM_TYPE_BASE,
  ProblemDocument,
} from '@aftersale/contracts';
import { DomainError, isDomainError } from '@aftersale/domain';
import {
  bindTransactionCorrelation,
  CommandOrmEntity,
  deferWrites,
  EventToPublish,
  isConcurrencyError,
  lockAcceptedCommand,
  lockAndReadCommand,
  recordCommandSucceeded,
  LockedCommandRow,
  writeGroup,
  WriteGroup,
} from '@aftersale/server/persistence';
import { CommandBatches, currentCorrelationId, ServerConfig, withTimeout } from '@aftersale/server/messaging';
import { WorkerMetrics } from '../ops/metrics/worker-metrics';
import { IssuedRefunds } from './issued-refunds';
import { CommandEnvelope } from './command-envelope';
import { TransactionContext } from './transaction-context';
import { EventConsumers } from './event-consumers';

export interface CommandOutcome {
  resourceId: string;
  /** when the outcome's resource is of another type than the one the api named at acceptance */
  resourceType?: string;
  result: unknown;
}

const MAX_RACE_RETRIES = 10;

/**
 * How long a committed transaction's owner waits for its events' jobs to reach Redis. The worker's queue connections
 * wait out a Redis outage (docs/architecture.md#connections-by-role); a loop's transaction (the deadline sweep's) is
 * not held up by one past this: the recovery sweep publishes what did not get through.
 */
const PUBLISH_WAIT_MS = 5_000;

/** A command job's transaction, its command row locked; `run` leaves the outcome it recorded here. */
interface JobTransaction {
  commandId: string;
  manager: EntityManager;
  outcome?: CommandOutcome;
  /** a batched job's own events to publish, published in its own context once the batch has committed */
  toPublish?: EventToPublish[];
}

/** What a command job did in a batch's transaction, once the batch has committed. */
interface DoneInBatch {
  type: string;
  outcome?: CommandOutcome;
  toPublish: EventToPublish[];
}

/**
 * Work waiting for its batch (`CommandBatches`): `inBatch` and `alone` run in the work's own async context (its
 * correlation id, its logger's bindings), whichever context starts the batch. Two items with one `key` (a command job
 * run twice at once) do not share a batch's transaction.
 */
interface Batched<Done, Alone> {
  key: string;
  inBatch: (manager: EntityManager, lockedOrders: Map<string, WriteGroup>) => Promise<Done>;
  alone: () => Promise<Alone>;
  settle: (result: { batched: Done } | { alone: Alone }) => void;
  fail: (error: unknown) => void;
}

/** A command job waiting for its batch. */
type BatchedJob = Batched<DoneInBatch, CommandJobResult | undefined>;

/** A system reaction's writes waiting for their batch (`runWrites`): its events to publish once committed. */
type BatchedWrites = Batched<EventToPublish[], void>;

/** Unique constraints that stand for a rule: a violation is the rule's refusal, not a crash. */
const CONSTRAINT_RULES: Record<string, () => DomainError> = {
  orders_posting_number_per_seller: () =>
    new DomainError('duplicate-posting-number', 'An order with this posting number already exists for the seller.'),
  cancellation_requests_one_open_per_order: () =>
    new DomainError('cancellation-already-open', 'The order already has an open cancellation request.'),
};

function ruleBehind(error: unknown): DomainError | null {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint && CONSTRAINT_RULES[constraint]) return CONSTRAINT_RULES[constraint]();
  return null;
}

/**
 * Rows the transaction writes (outbox, audit events, refunds) take the current correlation id from this
 * transaction-local setting: their column default reads it (migration 1765000000000-correlation-ids).
 */
async function bindCorrelation(manager: EntityManager): Promise<void> {
  const correlationId = currentCorrelationId();
  if (correlationId) await bindTransactionCorrelation(manager, correlationId);
}

export function problemOf(error: DomainError): ProblemDocument {
  return {
    type: PROBLEM_TYPE_BASE + error.code,
    title: PROBLEM_TITLES[error.code],
    status: PROBLEM_STATUS[error.code],
    detail: error.message,
    code: error.code,
    ...error.details,
  };
}

/**
 * Runs a command's effect exactly once (docs/architecture.md#one-transaction-per-command): the command row is locked and
 * checked, the effect, its audit events, its outbox rows and the outcome commit together; a refusal is
 * recorded as the final outcome; a lost version race is retried at once against the new state.
 */
@Injectable()
export class CommandExecution {
  private readonly logger = new Logger(CommandExecution.name);

  /** The transaction `runJob` opened, with its command row locked: `run` works inside it and leaves its outcome. */
  private readonly jobTransaction = new AsyncLocalStorage<JobTransaction>();

  /** The events each open transaction's writer publishes once it has committed (docs/benchmarks.md, 32). */
  private readonly toPublish = new WeakMap<EntityManager, EventToPublish[]>();

  /** The command jobs' batches (docs/architecture.md#command-batches); none with WORKER_COMMAND_BATCH_SIZE 1. */
  private readonly batches?: CommandBatches<BatchedJob>;

  /** The system reactions' write-only work's batches (`runWrites`), sized and held as the command jobs' are. */
  private readonly writeBatches?: CommandBatches<BatchedWrites>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: WorkerMetrics,
    @Optional() private readonly consumers?: EventConsumers,
    @Optional() private readonly config?: ServerConfig,
    @Optional() private readonly issuedRefunds?: IssuedRefunds,
  ) {
    const maxSize = config?.workerCommandBatchSize ?? 1;
    if (maxSize > 1) {
      // both kinds of batches sized and held alike, each counted in its own series
      const batchesOf = <Done, Alone>(size?: Histogram, replayed?: Counter) =>
        new CommandBatches<Batched<Done, Alone>>((items) => this.runBatch(items, replayed), {
          maxSize,
          holdMs: config!.workerCommandBatchHoldMs,
          onBatch: (n) => size?.observe(n),
        });
      this.batches = batchesOf<DoneInBatch, CommandJobResult | undefined>(
        metrics?.commandBatchSize,
        metrics?.commandBatchesReplayed,
      );
      this.writeBatches = batchesOf<EventToPublish[], void>(metrics?.writeBatchSize, metrics?.writeBatchesReplayed);
    }
  }

  /**
   * A transaction whose writes are queued and sent at its end as one statement (docs/benchmarks.md, 22): the
   * repositories' writes (aggregates, order lines, events, the command's outcome) wait in the queue; anything else the
   * transaction sends (a read, another write) sends the queue first, so every statement sees what was written before
   * it, as when each write was sent at once. A versioned update that finds another version still throws the
   * ConcurrencyError (at the end) and the transaction is rolled back and run again; a unique constraint's violation
   * is still the rule's refusal (`ruleBehind`). The worker's connections pipeline (docs/benchmarks.md, 29): the
   * transaction's START goes with its first statement and its COMMIT with its writes, so its queue is installed on
   * the query runner before the transaction starts, and the writes are sent by the COMMIT.
   */
  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const toPublish: EventToPublish[] = [];
    let result: T;
    try {
      deferWrites(runner.manager);
      this.toPublish.set(runner.manager, toPublish);
      result = await runner.manager.transaction(work);
    } finally {
      await runner.release();
    }
    await this.publishCommitted(toPublish);
    return result;
  }

  /**
   * The events a committed transaction left to its writer (docs/benchmarks.md, 32): their jobs published, or their
   * reactions started here without being waited for (`ReactionsAfterCommit`, 60). The commit stands whatever happens
   * here: an event whose job does not reach Redis (within `PUBLISH_WAIT_MS`), or whose reaction this process does
   * not finish, is published by the recovery sweep once its row has been published for RECOVERY_AFTER_MS without
   * being processed (docs/architecture.md#outbox-and-inbox).
   */
  private async publishCommitted(events: EventToPublish[]): Promise<void> {
    if (!this.consumers || events.length === 0) return;
    try {
      await withTimeout(this.consumers.publish(events), PUBLISH_WAIT_MS, 'publishing committed events');
    } catch (error) {
      this.metrics?.eventPublishErrors.inc();
      this.logger.warn({
        msg: 'committed events not published: the recovery sweep publishes them',
        events: events.map((event) => event.id),
        error: (error as Error).message,
      });
    }
  }

  /**
   * A transaction's repositories; its events no consumer reacts to are written settled (docs/benchmarks.md, 13), those
   * one does are published by this process after the commit (32), and a refund it issues starts its first attempt (35),
   * which gets the refund as the transaction wrote it (61).
   */
  private context(
    manager: EntityManager,
    toPublish = this.jobTransaction.getStore()?.toPublish ?? this.toPublish.get(manager),
  ): TransactionContext {
    const consumers = this.consumers;
    return new TransactionContext(
      manager,
      consumers && toPublish
        ? {
            delivery: (event) => consumers.deliveryOf(event),
            toPublish,
            firstAttemptLeaseMs: this.config?.refundAttemptLeaseMs,
            issued: this.issuedRefunds,
          }
        : undefined,
    );
  }

  /**
   * A command job's way in (docs/benchmarks.md, 10): one transaction whose first statement locks and reads the
   * command row; a row no longer `accepted` (a redelivered job) is left alone; `dispatch` builds the command from
   * the row and hands it to its handler, whose `run` then works in this transaction. A lost version race runs the
   * whole of it again, a refusal is recorded as the outcome — as `run` does on its own. Returns the outcome it
   * recorded (nothing for a command done already), which becomes the job's return value (docs/benchmarks.md, 23).
   */
  async runJob(
    commandId: string,
    dispatch: (row: LockedCommandRow) => Promise<unknown>,
  ): Promise<CommandJobResult | undefined> {
    if (!this.batches) return this.runJobAlone(commandId, dispatch);
    const result = await this.submitInContext(
      this.batches,
      commandId,
      (manager, lockedOrders) => this.runInBatch(manager, lockedOrders, commandId, dispatch),
      () => this.runJobAlone(commandId, dispatch),
    );
    if ('alone' in result) return result.alone;
    const { type, outcome, toPublish } = result.batched;
    await this.publishCommitted(toPublish);
    return this.succeeded(type, outcome);
  }

  /**
   * A batch of command jobs (docs/architecture.md#command-batches): one of them runs as it always did (`runJobAlone`);
   * several share one transaction, each job's lock, handler and outcome running concurrently in it, each in its own
   * context, its writes a statement of their own (`writeGroup`). If any of them fails — a refusal, a lost race, a
   * unique violation, an error — the batch is rolled back and each job runs again alone, so that every outcome is
   * the one it has alone. Settles every job; never throws.
   */
  private async runBatch<Done, Alone>(jobs: Batched<Done, Alone>[], replayed?: Counter): Promise<void> {
    const alone = () =>
      Promise.all(jobs.map((job) => job.alone().then((result) => job.settle({ alone: result }), job.fail)));
    // a command's job run twice at once (a stalled job taken up again) is two jobs locking one command row, which a
    // shared transaction does not queue: such a batch runs as separate transactions, where the second finds it done
    if (jobs.length === 1 || new Set(jobs.map((job) => job.key)).size < jobs.length) return void (await alone());
    let done: PromiseSettledResult<Done>[] = [];
    const lockedOrders = new Map<string, WriteGroup>();
    try {
      await this.transaction(async (manager) => {
        // every job's work ends before the transaction does, the failed one's as the others'
        done = await Promise.allSettled(jobs.map((job) => job.inBatch(manager, lockedOrders)));
        const failed = done.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      });
    } catch (error) {
      replayed?.inc();
      this.logger.debug({ msg: 'a batch failed: its items run again one by one', error: (error as Error).message });
      return void (await alone());
    }
    done.forEach((result, index) => jobs[index].settle({ batched: (result as PromiseFulfilledResult<Done>).value }));
  }

  /** A job's part of its batch's transaction: its command row locked and read, its handler run, as in `runJobAlone`. */
  private async runInBatch(
    manager: EntityManager,
    lockedOrders: Map<string, WriteGroup>,
    commandId: string,
    dispatch: (row: LockedCommandRow) => Promise<unknown>,
  ): Promise<DoneInBatch> {
    const row = await lockAndReadCommand(manager, commandId, currentCorrelationId());
    const toPublish: EventToPublish[] = [];
    if (!row || row.state !== 'accepted') return { type: 'unknown', toPublish };
    const job: JobTransaction = { commandId, manager, toPublish };
    // the correlation id the lock bound, for this command's writes (the lock of another job binds its own)
    const group: WriteGroup = { correlationId: row.correlationId ?? currentCorrelationId() ?? null, lockedOrders };
    await writeGroup.run(group, () => this.jobTransaction.run(job, () => dispatch(row)));
    return { type: row.type, outcome: job.outcome, toPublish };
  }

  /** A committed command job's result, counted: its outcome, or nothing for a command done already (`type` unknown). */
  private succeeded(type: string, outcome: CommandOutcome | undefined): CommandJobResult | undefined {
    if (type !== 'unknown') this.metrics?.commands.inc({ type, outcome: 'succeeded' });
    return outcome ? { state: 'succeeded', result: outcome.result ?? null } : undefined;
  }

  /** A command job in a transaction of its own. */
  private async runJobAlone(
    commandId: string,
    dispatch: (row: LockedCommandRow) => Promise<unknown>,
  ): Promise<CommandJobResult | undefined> {
    let type = 'unknown';
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          let outcome: CommandOutcome | undefined;
          await this.transaction(async (manager) => {
            const row = await lockAndReadCommand(manager, commandId, currentCorrelationId());
            if (!row || row.state !== 'accepted') return;
            type = row.type;
            const job: JobTransaction = { commandId, manager };
            await this.jobTransaction.run(job, () => dispatch(row));
            outcome = job.outcome;
          });
          return this.succeeded(type, outcome);
        } catch (error) {
          if (isConcurrencyError(error) && attempt < MAX_RACE_RETRIES) {
            this.logger.debug(`command ${commandId} lost a race (attempt ${attempt}); retrying against the new state`);
            continue;
          }
          const refusal = isDomainError(error) ? error : ruleBehind(error);
          if (!refusal) throw error;
          const recorded = await this.recordRefusal(commandId, refusal);
          this.metrics?.commands.inc({ type, outcome: 'refused' });
          this.logger.log({ msg: 'command refused', commandId, code: refusal.code });
          return recorded ? { state: 'failed', problem: problemOf(refusal) } : undefined;
        }
      }
    } catch (error) {
      this.metrics?.commands.inc({ type, outcome: 'error' });
      throw error;
    }
  }

  async run(envelope: CommandEnvelope, work: (tx: TransactionContext) => Promise<CommandOutcome>): Promise<void> {
    const job = this.jobTransaction.getStore();
    if (job?.commandId === envelope.commandId) {
      job.outcome = await this.applyIn(job.manager, envelope.commandId, work);
      return;
    }
    try {
      const outcome = await this.runCommand(envelope, work);
      this.metrics?.commands.inc({ type: envelope.type, outcome });
    } catch (error) {
      this.metrics?.commands.inc({ type: envelope.type, outcome: 'error' });
      throw error;
    }
  }

  private async runCommand(
    envelope: CommandEnvelope,
    work: (tx: TransactionContext) => Promise<CommandOutcome>,
  ): Promise<'succeeded' | 'refused'> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transaction(async (manager) => {
          // the row locked and the correlation id bound in one statement; done already: a redelivered job
          if (!(await lockAcceptedCommand(manager, envelope.commandId, currentCorrelationId()))) return;
          await this.applyIn(manager, envelope.commandId, work);
        });
        return 'succeeded';
      } catch (error) {
        if (isConcurrencyError(error) && attempt < MAX_RACE_RETRIES) {
          this.logger.debug(
            `command ${envelope.commandId} lost a race (attempt ${attempt}); retrying against the new state`,
          );
          continue;
        }
        const refusal = isDomainError(error) ? error : ruleBehind(error);
        if (refusal) {
          await this.recordRefusal(envelope.commandId, refusal);
          this.logger.log({ msg: 'command refused', commandId: envelope.commandId, code: refusal.code });
          return 'refused';
        }
        throw error;
      }
    }
  }

  /** The command's effect, its events and its outcome, in a transaction whose command row is locked. */
  private async applyIn(
    manager: EntityManager,
    commandId: string,
    work: (tx: TransactionContext) => Promise<CommandOutcome>,
  ): Promise<CommandOutcome> {
    const tx = this.context(manager);
    const outcome = await work(tx);
    await tx.flushEvents();
    await recordCommandSucceeded(manager, commandId, outcome);
    return outcome;
  }

  /**
   * A system reaction (timer, refund execution) that is not a client's command: same transaction rules,
   * same retry on a lost race; its idempotence comes from the state it checks. With `workBindsCorrelation`, the
   * work's first statement binds the current correlation id (`currentCorrelationId()`) before anything is written.
   */
  async runSystem<T>(
    work: (tx: TransactionContext) => Promise<T>,
    { workBindsCorrelation = false }: { workBindsCorrelation?: boolean } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(async (manager) => {
          // a reaction whose first read binds the correlation id itself saves the statement (refund execution)
          if (!workBindsCorrelation) await bindCorrelation(manager);
          const tx = this.context(manager);
          const result = await work(tx);
          await tx.flushEvents();
          return result;
        });
      } catch (error) {
        if (isConcurrencyError(error) && attempt < MAX_RACE_RETRIES) continue;
        throw error;
      }
    }
  }

  /**
   * A system reaction's work that reads nothing and only queues its writes — what it decides on was read before, and
   * its versioned updates fail if that changed since (a refund's outcome, docs/benchmarks.md, 37) — batched as the
   * command jobs are (docs/architecture.md#command-batches, docs/benchmarks.md, 65): the works that arrive while a
   * batch runs share the next transaction, each one's writes a statement of their own behind its correlation id, and
   * its events are published in its own context once the batch has committed. If the batch fails, each work's
   * `alone` runs instead, in a transaction of its own, so `work` must leave the objects `alone` uses untouched. Without
   * batches (WORKER_COMMAND_BATCH_SIZE 1), `alone` runs.
   */
  async runWrites(key: string, work: (tx: TransactionContext) => Promise<void>, alone: () => Promise<void>) {
    if (!this.writeBatches) return alone();
    const result = await this.submitInContext(
      this.writeBatches,
      key,
      async (manager, lockedOrders) => {
        const toPublish: EventToPublish[] = [];
        const group: WriteGroup = { correlationId: currentCorrelationId() ?? null, lockedOrders };
        await writeGroup.run(group, async () => {
          const tx = this.context(manager, toPublish);
          await work(tx);
          await tx.flushEvents();
        });
        return toPublish;
      },
      alone,
    );
    if ('batched' in result) await this.publishCommitted(result.batched);
  }

  /**
   * Work submitted to its batches, `inBatch` and `alone` run in the caller's async context (its correlation id, its
   * logger's bindings) whichever context starts the batch; resolves with how it was done. The context is kept by a
   * resource of the work's own rather than `AsyncResource.bind`, which builds two deprecation wrappers a call: 2 % of
   * the worker's busy CPU under the bench (docs/benchmarks.md, 66).
   */
  private submitInContext<Done, Alone>(
    batches: CommandBatches<Batched<Done, Alone>>,
    key: string,
    inBatch: Batched<Done, Alone>['inBatch'],
    alone: Batched<Done, Alone>['alone'],
  ): Promise<{ batched: Done } | { alone: Alone }> {
    const caller = new AsyncResource('aftersale.batched-work');
    return new Promise((settle, fail) =>
      batches.submit({
        key,
        inBatch: (manager, lockedOrders) => caller.runInAsyncScope(() => inBatch(manager, lockedOrders)),
        alone: () => caller.runInAsyncScope(alone),
        settle,
        fail,
      }),
    );
  }

  /** Whether this call recorded it (the command was still `accepted`). */
  private async recordRefusal(commandId: string, error: DomainError): Promise<boolean> {
    const { affected } = await this.dataSource
      .createQueryBuilder()
      .update(CommandOrmEntity)
      .set({ state: 'failed', completedAt: new Date(), problem: problemOf(error) as never })
      .where('id = :id AND state = :state', { id: commandId, state: 'accepted' })
      .execute();
    return affected === 1;
  }
}
