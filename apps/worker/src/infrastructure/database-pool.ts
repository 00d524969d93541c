import { QueueName } from '@aftersale/contracts';
import { ServerConfig } from '@aftersale/server/messaging';

/**
 * Connections the worker's loops may hold at once: the outbox relay, the two deadline sweeps (cancellations
 * and returns, run together), the recovery sweep and the retention sweep (PeriodicTasks).
 */
export const LOOP_CONNECTIONS = 5;

/**
 * The worker's PostgreSQL pool: one connection per job it may run at once (queues × WORKER_CONCURRENCY)
 * plus its loops, so a busy worker never queues for a connection it was sized to have.
 * WORKER_DATABASE_POOL_SIZE overrides it (e.g. to stay under the server's max_connections).
 */
export function workerPoolSize(config: Pick<ServerConfig, 'workerDatabasePoolSize' | 'workerConcurrency'>): number {
  if (config.workerDatabasePoolSize > 0) return config.workerDatabasePoolSize;
  return Object.values(QueueName).length * config.workerConcurrency + LOOP_CONNECTIONS;
}
