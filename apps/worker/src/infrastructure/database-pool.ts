import { QueueName } from '@aftersale/contracts';
import { ServerConfig } from '@aftersale/server/messaging';

type ConcurrencySettings = Pick<ServerConfig, 'workerConcurrency' | 'workerEventsConcurrency'>;

/**
 * Jobs one worker runs at once from a queue: WORKER_CONCURRENCY for each queue, but the events queue's own
 * WORKER_EVENTS_CONCURRENCY — a refund's first payment runs in its RefundCreated event's job and spends most of it
 * waiting on the payment provider, so 8 slots capped payments below the decisions (docs/benchmarks.md, 12), and 24
 * did on a faster machine (46).
 */
export function queueConcurrency(config: ConcurrencySettings, queue: QueueName): number {
  return queue === QueueName.Events ? config.workerEventsConcurrency : config.workerConcurrency;
}

/** Jobs one worker may run at once, all queues together (144 by default). */
export function jobSlots(config: ConcurrencySettings): number {
  return Object.values(QueueName).reduce((sum, queue) => sum + queueConcurrency(config, queue), 0);
}

/**
 * How long a job waits for one of the pool's connections before its attempt fails (and is retried). The pool has
 * fewer connections than the worker has job slots (WORKER_DATABASE_POOL_SIZE, docs/benchmarks.md, 25): under a
 * burst, jobs queue for a connection by design, and a full queue drains in tens of milliseconds.
 */
export const WORKER_CONNECTION_WAIT_MS = 10_000;
