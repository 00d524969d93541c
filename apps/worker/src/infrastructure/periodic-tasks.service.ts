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
  /**
   * Started with the loops: something that wakes the loop between its periods (the outbox relay's LISTEN). `wake`
   * runs the loop now, or once more right after the run in progress; the returned function stops it.
   */
  wakeWith?: (wake: () => void) => Promise<() => Promise<void>>;
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
  private readonly wakers: (() => Promise<void>)[] = [];
  private stopped = false;

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
    this.stopped = false;
    for (const [name, loops] of this.loops) {
      const wake = this.every(name, loops[0].everyMs(this.config), () => Promise.all(loops.map((loop) => loop.run())));
      for (const loop of loops) {
        if (!loop.wakeWith) continue;
        const started = loop.wakeWith(wake).then(
          (stop) => void this.wakers.push(stop),
          (error) => this.logger.warn(`${name}: ${(error as Error).message}`),
        );
        this.running.add(started);
        void started.finally(() => this.running.delete(started));
      }
    }
  }

  /** Runs the task every `ms`, a run never overlapping the previous one; returns the loop's `wake`. */
  private every(name: string, ms: number, task: () => Promise<unknown>): () => void {
    let busy = false;
    let again = false;
    const tick = (woken: boolean) => {
      if (this.stopped) return;
      if (busy) {
        if (woken) again = true;
        return;
      }
      busy = true;
      again = false;
      this.metrics?.sweepRuns.inc({ sweep: name });
      const run = task()
        .catch((error) => {
          this.metrics?.sweepErrors.inc({ sweep: name });
          this.logger.warn(`${name}: ${(error as Error).message}`);
        })
        .finally(() => {
          busy = false;
          this.running.delete(run);
          if (again) tick(true);
        });
      this.running.add(run);
    };
    this.timers.push(setInterval(() => tick(false), ms));
    return () => tick(true);
  }

  /** Stops the loops before the queues and the database close (docs/operations.md "Shutdown"). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.splice(0).forEach(clearInterval);
    await Promise.all(this.running);
    await Promise.all(this.wakers.splice(0).map((stop) => stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeApplicationShutdown();
  }
}
