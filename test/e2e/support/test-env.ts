/**
 * A test database per Jest worker process, and a queue prefix per stack (README, "Tests"), never
 * the demo's. Each worker process needs its own database: a stack's outbox relay and sweeps work on the
 * whole database, so two stacks sharing one would take each other's events.
 */
export const TEST_DATABASE_BASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale_test';
export const MAX_TEST_WORKERS = 4;

export function workerDatabaseUrl(workerId: string | number): string {
  const url = new URL(TEST_DATABASE_BASE_URL);
  url.pathname = `${url.pathname}_w${workerId}`;
  return url.toString();
}

export const TEST_DATABASE_URL = workerDatabaseUrl(process.env.JEST_WORKER_ID ?? 1);
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
