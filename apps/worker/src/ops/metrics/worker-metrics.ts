import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The worker's Prometheus series (docs/operations.md "Metrics"), served on their own port
 * (WORKER_METRICS_PORT, 9464 by default) by the worker process — the api's /metrics cannot see them.
 */
@Injectable()
export class WorkerMetrics implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetrics.name);
  readonly registry = new Registry();
  private server?: Server;

  readonly jobDuration = new Histogram({
    name: 'aftersale_job_duration_seconds',
    help: 'Job processing duration by queue, job name and outcome (completed, failed)',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'aftersale_commands_executed_total',
    help: 'Commands executed by the worker, by type and outcome (succeeded, refused by a rule, error)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandBatchSize = new Histogram({
    name: 'aftersale_command_batch_size',
    help: 'Command jobs per batch, run in one transaction (docs/architecture.md#command-batches)',
    buckets: [1, 2, 4, 8, 16],
    registers: [this.registry],
  });
  readonly commandBatchesReplayed = new Counter({
    name: 'aftersale_command_batches_replayed_total',
    help: 'Batches rolled back because one of their commands failed or was refused; each command then ran alone',
    registers: [this.registry],
  });
  readonly writeBatchSize = new Histogram({
    name: 'aftersale_write_batch_size',
    help: 'System reactions that only write (refund outcomes) per batch, run in one transaction (docs/architecture.md#command-batches)',
    buckets: [1, 2, 4, 8, 16],
    registers: [this.registry],
  });
  readonly writeBatchesReplayed = new Counter({
    name: 'aftersale_write_batches_replayed_total',
    help: 'Batches of system writes rolled back because one of them failed (a lost race); each then ran alone',
    registers: [this.registry],
  });
  readonly sweepRuns = new Counter({
    name: 'aftersale_sweep_runs_total',
    help: 'Runs of the worker loops (outbox relay, deadline sweep, recovery sweep)',
    labelNames: ['sweep'] as const,
    registers: [this.registry],
  });
  readonly sweepErrors = new Counter({
    name: 'aftersale_sweep_errors_total',
    help: 'Runs of the worker loops that ended with an error',
    labelNames: ['sweep'] as const,
    registers: [this.registry],
  });
  readonly reactionsAfterCommit = new Counter({
    name: 'aftersale_reactions_after_commit_total',
    help: 'Committed events the worker handed its own reactions right after the commit, by outcome: reacted, queued (no slot free: a job), failed (a job takes it up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly eventPublishErrors = new Counter({
    name: 'aftersale_event_publish_errors_total',
    help: 'Committed transactions whose events the worker could not publish itself (the recovery sweep publishes them)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'aftersale_worker_' });
  }

  /** Serves GET /metrics on `port` (main.ts; tests read the registry directly). */
  listen(port: number, host: string): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject).listen(port, host, () => {
        this.logger.log({ msg: 'worker metrics listening', port });
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
