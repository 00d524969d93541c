import { QueueName } from '@aftersale/contracts';
import { ServerConfig } from '@aftersale/server/messaging';

/**
 * Connections the worker's loops may hold at once: the outbox relay, the two deadline sweeps (cancellations
 * and returns, run together), the recovery sweep and the retention sweep (PeriodicTasks).
 */
export const LOOP_CONNECTIONS = 5;

type ConcurrencySettings = Pick<ServerConfig, 'workerConcurrency' | 'workerEventsConcurrency'>;

/**
 * Jobs one worker runs at once from a queue: WORKER_CONCURRENCY for each queue, but the events queue's own
 * WORKER_EVENTS_CONCURRENCY — a refund's first payment runs in its RefundCreated event's job and spends most of it
 * waiting on the payment provider, so 8 slots capped payments below the decisions (docs/benchmarks.md, 12).
 */
export function queueConcurrency(config: ConcurrencySettings, queue: QueueName): number {
  return queue === QueueName.Events ? config.workerEventsConcurrency : config.workerConcurrency;
}

/**
 * The worker's PostgreSQL pool: one connection per job it may run at once (each queue's concurrency, summed)
 * plus its loops, so a busy worker never queues for a connection it was sized to have.
 * WORKER_DATABASE_POOL_SIZE overrides it (e.g. to stay under the server's max_connections).
 */
export function workerPoolSize(config: ConcurrencySettings & Pick<ServerConfig, 'workerDatabasePoolSize'>): number {
  if (config.workerDatabasePoolSize > 0) return config.workerDatabasePoolSize;
  const jobs = Object.values(QueueName).reduce((sum, queue) => sum + queueConcurrency(config, queue), 0);
  return jobs + LOOP_CONNECTIONS;
}
