import { DataSource } from 'typeorm';
import { JobName } from '@aftersale/contracts';
import { workerForThisFile } from './support/worker-under-test';

/**
 * The worker's pool has fewer connections than it has job slots (WORKER_DATABASE_POOL_SIZE, 10, against 72 slots:
 * docs/benchmarks.md, 25 and 39), so jobs wait for a connection. That is safe only if no job holds one connection while it
 * waits for a second: with a pool of one, such a job would wait for itself until its connection wait ran out.
 */
describe('a job holds at most one database connection at a time', () => {
  const saved = process.env.WORKER_DATABASE_POOL_SIZE;
  beforeAll(() => {
    process.env.WORKER_DATABASE_POOL_SIZE = '1';
  });
  const worker = workerForThisFile();
  afterAll(() => {
    if (saved === undefined) delete process.env.WORKER_DATABASE_POOL_SIZE;
    else process.env.WORKER_DATABASE_POOL_SIZE = saved;
  });

  it('orders, their cancellations and their refunds, six at once on a pool of one connection, all finish', async () => {
    const driver = worker.get(DataSource).driver as unknown as { master: { options: { max: number } } };
    expect(driver.master.options.max).toBe(1);

    const refunds = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const { refundId, eventJob } = await worker.refundOfCancelledOrder();
        await worker.job(JobName.PublishedEvent, eventJob);
        return worker.field('refunds', 'state', refundId);
      }),
    );

    expect(refunds).toEqual(Array(6).fill('succeeded'));
  });
});
