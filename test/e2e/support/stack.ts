import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import supertest from 'supertest';
import Redis from 'ioredis';
import { loadServerConfig, ServerConfig } from '@aftersale/server/messaging';
import { createApiApp } from '../../../apps/api/src/app.factory';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { QueueWorkers } from '../../../apps/worker/src/infrastructure/queue-workers.service';
import { PeriodicTasks } from '../../../apps/worker/src/infrastructure/periodic-tasks.service';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-env';
import { PaymentRecorder } from './payment-recorder';

export interface Stack {
  config: ServerConfig;
  api: INestApplication;
  http: ReturnType<typeof supertest>;
  dataSource: DataSource;
  /** every call of the worker's payment port, across worker restarts (the tests' recording adapter) */
  payments: PaymentRecorder;
  worker?: INestApplicationContext;
  startWorker(): Promise<INestApplicationContext>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real api and the real worker in the test process, against the real PostgreSQL and Redis, on a
 * queue prefix of their own so parallel suites and the demo never share jobs.
 */
export async function startStack(
  options: { worker?: boolean; commandWaitMs?: number; redisUrl?: string } = {},
): Promise<Stack> {
  process.env.WORKER_AUTOSTART = 'false';
  process.env.LOG_LEVEL ??= 'silent';
  // suites fire requests far faster than a person; the limit itself has its own suite (rate-limits)
  process.env.RATE_LIMIT_PER_SECOND ??= '100000';
  process.env.OUTBOX_POLL_MS ??= '50';
  process.env.DEADLINE_SWEEP_MS ??= '200';
  process.env.PAYMENT_SIMULATOR_LATENCY_MS ??= '0';
  // The production 2 s for an enqueue is too short where two browser suites share the 2-core machine with this
  // one: CI answered a cancellation 503 when its enqueue took longer (docs/architecture.md, the command path; docs/api.md),
  // and on 4 December an order's creation when it took longer than 5 s, early in the run, while the suites started.
  process.env.ENQUEUE_TIMEOUT_MS ??= '10000';
  // timers fire this long after a deadline; it must exceed ENQUEUE_TIMEOUT_MS
  process.env.DEADLINE_GRACE_MS ??= '10500';
  // The production 3 s for a connection is too short here as well: queries that find no idle connection wait while
  // new ones are opened, and on the CI machine, its two cores running four Jest workers and the browser suites,
  // opening them took longer (seller-stats' setup, eight inserts at once, failed "timeout exceeded when trying to
  // connect", and with it the whole suite).
  process.env.DATABASE_CONNECTION_WAIT_MS ??= '15000';
  // many stacks share one PostgreSQL (max_connections 100): a worker's pool as before the sizing to concurrency
  process.env.WORKER_DATABASE_POOL_SIZE ??= '10';
  const ours: Partial<ServerConfig> = {
    databaseUrl: TEST_DATABASE_URL,
    redisUrl: options.redisUrl ?? TEST_REDIS_URL,
    queuePrefix: `test-${randomUUID().slice(0, 8)}`,
    // the production default is 5 s; a CI machine running the browser suites beside this one has taken longer
    // (returns-worked-case answered 202 once). Suites that test the 202 path pass a short wait of their own.
    commandWaitMs: options.commandWaitMs ?? 20000,
    jwtSecret: 'test-secret',
    jwtTtlSeconds: 3600,
    production: false,
  };
  // the configuration is read when a process starts: the api's now, each worker's when it starts (a suite may
  // change a variable between worker restarts)
  const config = loadServerConfig(ours);
  const api = await createApiApp(config, { logger: false });
  // a listening server: supertest would otherwise open and close one per request, refusing parallel ones
  await api.listen(0, '127.0.0.1');
  const dataSource = api.get(DataSource);
  const payments = new PaymentRecorder(async (key) => {
    const [row] = await dataSource.query(`SELECT order_id FROM refunds WHERE idempotency_key = $1`, [key]);
    return row?.order_id ?? null;
  });
  const stack: Stack = {
    config,
    api,
    http: supertest(api.getHttpServer()),
    dataSource,
    payments,
    async startWorker() {
      const worker = await NestFactory.createApplicationContext(
        WorkerModule.forRoot(loadServerConfig(ours), { decoratePayments: (adapter) => payments.wrap(adapter) }),
        { logger: false },
      );
      await worker.init();
      worker.get(QueueWorkers).start();
      worker.get(PeriodicTasks).start();
      stack.worker = worker;
      return worker;
    },
    async stopWorker() {
      await stack.worker?.close();
      stack.worker = undefined;
    },
    async close() {
      payments.release();
      await stack.stopWorker();
      await api.close();
      await removeQueueKeys(config);
    },
  };
  if (options.worker !== false) await stack.startWorker();
  return stack;
}

/** A stack's queues live under its own prefix; removing them keeps the shared Redis from filling up run after run. */
async function removeQueueKeys(config: ServerConfig): Promise<void> {
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${config.queuePrefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
    }
  } catch {
    // Redis unreachable (the outage suite): nothing was stored
  } finally {
    redis.disconnect();
  }
}
