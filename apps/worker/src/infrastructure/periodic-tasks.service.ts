import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { envNumber } from '@aftersale/server/messaging';
import { OutboxRelay } from '../events/outbox-relay.service';
import { RecoverySweep } from '../events/recovery-sweep.service';
import { CancellationDeadlines } from '../cancellations/expire-cancellation-deadline/cancellation-deadlines.service';
import { ReturnDeadlines } from '../returns/expire-return-deadlines/return-deadlines.service';
import { RetentionSweep } from '../retention/retention-sweep.service';

/** The worker's loops: outbox relay, deadline sweep, recovery sweep, retention. Each run waits for the previous one. */
@Injectable()
export class PeriodicTasks implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly relay: OutboxRelay,
    private readonly recovery: RecoverySweep,
    private readonly deadlines: CancellationDeadlines,
    private readonly returnDeadlines: ReturnDeadlines,
    private readonly retention: RetentionSweep,
  ) {}

  onApplicationBootstrap(): void {
    if (process.env.WORKER_AUTOSTART === 'false') return;
    this.start();
  }

  start(): void {
    this.every('outbox relay', envNumber('OUTBOX_POLL_MS', 100), () => this.relay.drain());
    this.every('deadline sweep', envNumber('DEADLINE_SWEEP_MS', 5000), () =>
      Promise.all([this.deadlines.sweep(), this.returnDeadlines.sweep()]),
    );
    this.every('recovery sweep', envNumber('RECOVERY_SWEEP_MS', 15000), () =>
      this.recovery.sweep(envNumber('RECOVERY_AFTER_MS', 30000)),
    );
    this.every('retention sweep', envNumber('RETENTION_SWEEP_MS', 600_000), () => this.retention.sweep());
  }

  private every(name: string, ms: number, task: () => Promise<unknown>): void {
    let busy = false;
    this.timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        const run = task()
          .catch((error) => this.logger.warn(`${name}: ${(error as Error).message}`))
          .finally(() => {
            busy = false;
            this.running.delete(run);
          });
        this.running.add(run);
      }, ms),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.timers.splice(0).forEach(clearInterval);
    await Promise.all(this.running);
  }
}
