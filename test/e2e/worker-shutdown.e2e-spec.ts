import { randomUUID } from 'node:crypto';
import { loadServerConfig } from '@aftersale/server/messaging';
import { QueueWorkers } from '../../apps/worker/src/infrastructure/queue-workers.service';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

describe('the worker’s shutdown (docs/operations.md "Shutdown")', () => {
  // registry and metrics serve only the queues a started worker takes; none are taken here
  const workersWithoutQueues = (workerShutdownTimeoutMs?: number) =>
    new QueueWorkers(
      {
        ...loadServerConfig(),
        databaseUrl: TEST_DATABASE_URL,
        redisUrl: TEST_REDIS_URL,
        queuePrefix: `shutdown-${randomUUID()}`,
        ...(workerShutdownTimeoutMs ? { workerShutdownTimeoutMs } : {}),
      },
      undefined as never,
      undefined as never,
    );

  it('a worker that took no queues (WORKER_AUTOSTART=false) still waits for the work its handlers left running before it closes its queues', async () => {
    const workers = workersWithoutQueues();
    const steps: string[] = [];
    let finish!: () => void;
    const reaction = new Promise<void>((resolve) => (finish = resolve));
    workers.finishAlso(async () => {
      steps.push('asked');
      await reaction;
      steps.push('reaction ended');
    });
    const closed = workers.onApplicationShutdown().then(() => steps.push('queues closed'));
    finish();
    await closed;
    expect(steps).toEqual(['asked', 'reaction ended', 'queues closed']);
  });

  it('work that outlasts WORKER_SHUTDOWN_TIMEOUT_MS is waited for once, not again when Nest calls the shutdown hooks a second time', async () => {
    const workers = workersWithoutQueues(100);
    let asked = 0;
    workers.finishAlso(() => {
      asked++;
      return new Promise<void>(() => undefined);
    });
    await workers.beforeApplicationShutdown();
    await workers.onApplicationShutdown();
    expect(asked).toBe(1);
  });
});
