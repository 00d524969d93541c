import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { ServerConfig } from '@aftersale/server/messaging';
import { OutboxRelay } from '../events/outbox-relay.service';
import { RecoverySweep } from '../events/recovery-sweep.service';
import { CancellationDeadlines } from '../cancellations/expire-cancellation-deadline/cancellation-deadlines.service';
import { ReturnDeadlines } from '../returns/expire-return-deadlines/return-deadlines.service';
import { RetentionSweep } from '../retention/retention-sweep.service';
import { WorkerMetrics } from '../ops/metrics/worker-metrics';

/** The worker's loops: outbox relay, deadline sweep, recovery sweep, retention. Each run waits for the previous one. */
@Injectable()
export class PeriodicTasks implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly relay: OutboxRelay,
    private readonly recovery: RecoverySweep,
    private readonly deadlines: CancellationDeadlines,
    private readonly returnDeadlines: ReturnDeadlines,
    private readonly retention: RetentionSweep,
    private readonly config: ServerConfig,
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workerAutostart) return;
    this.start();
  }

  start(): void {
    const config = this.config;
    this.every('outbox relay', config.outboxPollMs, () => this.relay.drain());
    this.every('deadline sweep', config.deadlineSweepMs, () =>
      Promise.all([this.deadlines.sweep(), this.returnDeadlines.sweep()]),
    );
    this.every('recovery sweep', config.recoverySweepMs, () => this.recovery.sweep(config.recoveryAfterMs));
    this.every('retention sweep', config.retentionSweepMs, () => this.retention.sweep());
  }

  private every(name: string, ms: number, task: () => Promise<unknown>): void {
    let busy = false;
    this.timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        this.metrics?.sweepRuns.inc({ sweep: name });
        const run = task()
          .catch((error) => {
            this.metrics?.sweepErrors.inc({ sweep: name });
            this.logger.warn(`${name}: ${(error as Error).message}`);
          })
          .finally(() => {
            busy = false;
            this.running.delete(run);
          });
        this.running.add(run);
      }, ms),
    );
  }

  /** Stops the loops before the queues and the database close (docs/operations.md "Shutdown"). */
  async beforeApplicationShutdown(): Promise<void> {
    this.timers.splice(0).forEach(clearInterval);
    await Promise.all(this.running);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
  }
}
