import { QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { QueueName } from '@aftersale/contracts';
import { patientRedisOptions } from './redis-connection';
import { withTimeout } from './with-timeout';

/**
 * One QueueEvents subscription per queue per process (docs/architecture.md#waiting-for-outcomes), resolving waiters by job id:
 * no per-call listeners, so many commands can be in flight without the listener growth of
 * `job.waitUntilFinished()`.
 */
export class CommandOutcomeWaiter {
  private readonly events: QueueEvents[] = [];
  /** a blocking connection per subscription, ours to close so that shutdown never waits on Redis */
  private readonly connections: Redis[] = [];
  private readonly waiters = new Map<string, Set<(returned: unknown) => void>>();
  private closing = false;

  constructor(redisUrl: string, prefix: string, queues: QueueName[]) {
    for (const queue of queues) {
      const connection = new Redis(patientRedisOptions(redisUrl, () => this.closing));
      connection.on('error', () => undefined);
      this.connections.push(connection);
      const queueEvents = new QueueEvents(queue, { connection, prefix });
      queueEvents.on('completed', ({ jobId, returnvalue }) => this.wake(jobId, returnvalue));
      queueEvents.on('failed', ({ jobId }) => this.wake(jobId, undefined));
      queueEvents.on('error', () => undefined);
      this.events.push(queueEvents);
    }
  }

  async ready(): Promise<void> {
    await Promise.all(this.events.map((queueEvents) => queueEvents.waitUntilReady()));
  }

  /**
   * Resolves when the job finishes or `timeoutMs` passes, whichever is first: with the job's return value when it
   * completed (a command job's outcome, `CommandJobResult`), undefined otherwise. The caller registers before it
   * checks the outcome in PostgreSQL, so a job finishing in between is not missed.
   */
  waitFor(jobId: string, timeoutMs: number): { settled: Promise<unknown>; cancel: () => void } {
    let done!: (returned: unknown) => void;
    const settled = new Promise<unknown>((resolve) => (done = resolve));
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const finish = (returned: unknown) => {
      clearTimeout(timer);
      const set = this.waiters.get(jobId);
      set?.delete(finish);
      if (set?.size === 0) this.waiters.delete(jobId);
      done(returned);
    };
    const set = this.waiters.get(jobId) ?? new Set();
    set.add(finish);
    this.waiters.set(jobId, set);
    return { settled, cancel: () => finish(undefined) };
  }

  get inFlight(): number {
    return this.waiters.size;
  }

  private wake(jobId: string, returned: unknown): void {
    for (const finish of [...(this.waiters.get(jobId) ?? [])]) finish(returned);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const set of this.waiters.values()) for (const finish of [...set]) finish(undefined);
    // bounded: with Redis unreachable a graceful close would wait for a connection that never comes
    await Promise.all(
      this.events.map((queueEvents) =>
        withTimeout(queueEvents.close(), 2000, 'closing queue events').catch(() => undefined),
      ),
    );
    for (const connection of this.connections) connection.disconnect();
  }
}
