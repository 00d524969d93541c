import { QueueName } from '@aftersale/contracts';
import { envNumber } from '@aftersale/server/messaging';

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
export function workerPoolSize(): number {
  const explicit = envNumber('WORKER_DATABASE_POOL_SIZE', 0);
  if (explicit > 0) return explicit;
  return Object.values(QueueName).length * workerConcurrency() + LOOP_CONNECTIONS;
}

export function workerConcurrency(): number {
  return envNumber('WORKER_CONCURRENCY', 8);
}
