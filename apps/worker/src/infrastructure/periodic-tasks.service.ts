import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { ServerConfig } from '@aftersale/server/messaging';
import { WorkerMetrics } from '../ops/metrics/worker-metrics';

/** A loop a context module registers: its name (the metrics' `sweep` label), its period, its work. */
export interface Loop {
  name: string;
  /** its period, from the configuration */
  everyMs: (config: ServerConfig) => number;
  run: () => Promise<unknown>;
}

/**
 * The worker's loops (outbox relay, deadline sweeps, recovery sweep, retention), registered by the context
 * modules that own them. Loops of one name run together, as one loop: the cancellation and return deadline sweeps
 * are the one `deadline sweep`. Each run waits for the previous one.
 */
@Injectable()
export class PeriodicTasks implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly loops = new Map<string, Loop[]>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly config: ServerConfig,
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {}

  register(loop: Loop): void {
    this.loops.set(loop.name, [...(this.loops.get(loop.name) ?? []), loop]);
  }

  onApplicationBootstrap(): void {
    if (!this.config.workerAutostart) return;
    this.start();
  }

  start(): void {
    for (const [name, loops] of this.loops) {
      this.every(name, loops[0].everyMs(this.config), () => Promise.all(loops.map((loop) => loop.run())));
    }
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
