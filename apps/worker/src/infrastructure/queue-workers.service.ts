import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { JOBS, JobName, QueueName } from '@aftersale/contracts';
import { DEFAULT_JOB_OPTIONS, envNumber, patientRedisOptions, ServerConfig } from '@aftersale/server/messaging';
import { JobHandlerRegistry } from './job-handlers';
import { workerConcurrency, workerPoolSize } from './database-pool';

/**
 * One BullMQ worker per queue (docs/architecture.md#the-message-flow), each dispatching by job name; producers for the
 * jobs the worker itself enqueues (events, refunds, deadlines). Connections wait for Redis (#connections-by-role);
 * shutdown stops taking work and lets active jobs finish (#shutdown).
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];
  private readonly queues = new Map<QueueName, Queue>();
  private closing = false;

  constructor(
    private readonly config: ServerConfig,
    readonly registry: JobHandlerRegistry,
  ) {
    for (const name of Object.values(QueueName)) {
      this.queues.set(
        name,
        new Queue(name, {
          connection: patientRedisOptions(config.redisUrl, () => this.closing),
          prefix: config.queuePrefix,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        }),
      );
    }
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  queueFor(job: JobName): Queue {
    return this.queue(JOBS[job]);
  }

  onApplicationBootstrap(): void {
    this.registry.assertComplete();
    if (process.env.WORKER_AUTOSTART === 'false') return;
    this.start();
  }

  start(): void {
    const concurrency = workerConcurrency();
    const lockMs = envNumber('WORKER_LOCK_MS', 30000);
    for (const name of Object.values(QueueName)) {
      const worker = new Worker(name, (job) => this.registry.handle(job), {
        connection: patientRedisOptions(this.config.redisUrl, () => this.closing),
        prefix: this.config.queuePrefix,
        concurrency,
        // a job whose worker died is taken up again once its lock lapses and a stalled check sees it
        lockDuration: lockMs,
        stalledInterval: lockMs,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(`${name}/${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      worker.on('error', (error) => this.logger.error(`${name} worker: ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(
      `processing ${this.workers.length} queues, concurrency ${concurrency}, database pool ${workerPoolSize()}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
