import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Job, MetricsTime, Queue, Worker } from 'bullmq';
import { Correlated, JOBS, JobName, QueueName } from '@aftersale/contracts';
import {
  defaultJobOptions,
  patientRedisOptions,
  ServerConfig,
  withCorrelation,
  withTimeout,
} from '@aftersale/server/messaging';
import { WorkerMetrics } from '../ops/metrics/worker-metrics';
import { JobHandlerRegistry } from './job-handlers';
import { jobSlots, queueConcurrency } from './database-pool';

/**
 * One BullMQ worker per queue (docs/architecture.md#the-message-flow), each dispatching by job name; producers for the
 * jobs the worker itself enqueues (events, refunds, deadlines). Connections wait for Redis (#connections-by-role);
 * shutdown stops taking work and lets active jobs finish (#shutdown).
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];
  private readonly queues = new Map<QueueName, Queue>();
  /** work the jobs leave running after they end (the reactions after a commit), waited for at shutdown */
  private readonly lingering: (() => Promise<void>)[] = [];
  private closing = false;
  /** shutdown has begun: its wait is not repeated */
  private stopped = false;

  constructor(
    private readonly config: ServerConfig,
    readonly registry: JobHandlerRegistry,
    private readonly metrics: WorkerMetrics,
  ) {
    for (const name of Object.values(QueueName)) {
      this.queues.set(
        name,
        new Queue(name, {
          connection: patientRedisOptions(config.redisUrl, () => this.closing),
          prefix: config.queuePrefix,
          defaultJobOptions: defaultJobOptions(config),
        }),
      );
    }
  }

  /** Work the jobs start and leave running, which shutdown waits for after the jobs, within the same bound. */
  finishAlso(settled: () => Promise<void>): void {
    this.lingering.push(settled);
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  queueFor(job: JobName): Queue {
    return this.queue(JOBS[job]);
  }

  onApplicationBootstrap(): void {
    this.registry.assertComplete();
    if (!this.config.workerAutostart) return;
    this.start();
  }

  start(): void {
    const lockMs = this.config.workerLockMs;
    for (const name of Object.values(QueueName)) {
      const worker = new Worker(name, (job) => this.process(name, job), {
        connection: patientRedisOptions(this.config.redisUrl, () => this.closing),
        prefix: this.config.queuePrefix,
        concurrency: queueConcurrency(this.config, name),
        // per-minute completed/failed counts, read by GET /ops/queues (docs/operations.md "Queues")
        metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
        // a job whose worker died is taken up again once its lock lapses and a stalled check sees it
        lockDuration: lockMs,
        stalledInterval: lockMs,
      });
      worker.on('error', (error) => this.logger.error(`${name} worker: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(
      `processing ${this.workers.length} queues, concurrency ${this.config.workerConcurrency} (events ${this.config.workerEventsConcurrency}), ${jobSlots(this.config)} job slots, database pool ${this.config.workerDatabasePoolSize}`,
    );
  }

  /**
   * Each job runs with the correlation id it carries (docs/operations.md "Correlation id"), is timed, and
   * logs its end; a failure is logged here, where the correlation id is current.
   */
  private process(queue: QueueName, job: Job): Promise<unknown> {
    return withCorrelation((job.data as Correlated | undefined)?.correlationId, async () => {
      const end = this.metrics.jobDuration.startTimer({ queue, name: job.name });
      const attempt = job.attemptsMade + 1;
      this.logger.debug({ msg: 'job started', queue, jobId: job.id, job: job.name, attempt });
      try {
        const result = await this.registry.handle(job);
        const seconds = end({ outcome: 'completed' });
        this.logger.log({
          msg: 'job completed',
          queue,
          jobId: job.id,
          job: job.name,
          attempt,
          ms: Math.round(seconds * 1000),
        });
        return result;
      } catch (error) {
        end({ outcome: 'failed' });
        this.logger.warn({
          msg: 'job failed',
          queue,
          jobId: job.id,
          job: job.name,
          attempt,
          attempts: job.opts.attempts ?? 1,
          error: (error as Error).message,
        });
        throw error;
      }
    });
  }

  /**
   * SIGTERM (docs/operations.md "Shutdown"): stop taking jobs and let the active ones finish, for at most
   * WORKER_SHUTDOWN_TIMEOUT_MS; past that the workers close without waiting and the jobs still running are
   * left to BullMQ's stalled-job check, which hands them to another worker. Runs before the database
   * connection closes (onApplicationShutdown), so finishing jobs can still write. A worker that took no queues
   * (WORKER_AUTOSTART=false) waits for the work its handlers left running all the same; either waits once, though Nest
   * calls this again from onApplicationShutdown.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const bound = this.config.workerShutdownTimeoutMs;
    this.logger.log({
      msg: 'stopping: no new jobs, finishing active ones',
      queues: this.workers.length,
      boundMs: bound,
    });
    try {
      await withTimeout(
        Promise.all(this.workers.map((worker) => worker.close())).then(() =>
          Promise.all(this.lingering.map((settled) => settled())),
        ),
        bound,
        'finishing active jobs',
      );
      this.logger.log({ msg: 'workers closed; active jobs finished' });
    } catch {
      this.logger.warn({ msg: 'active jobs did not finish in time; closing without them', boundMs: bound });
      await Promise.all(this.workers.map((worker) => worker.close(true).catch(() => undefined)));
    }
    this.workers.splice(0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
    this.closing = true;
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
