import { JobName } from '@aftersale/contracts';
import { workerForThisFile } from './support/worker-under-test';

/**
 * A versioned update leaves a row's creation time as PostgreSQL stored it (the entities' `created_at` is
 * `update: false`): a JavaScript Date keeps milliseconds, PostgreSQL microseconds, and writing the time back changed
 * it — which, for an order, rewrote its rows in the orders search table (the trigger of migration 1767400000000 follows
 * a creation time changed by hand) with a DELETE that reads the whole table.
 */
describe('an order’s creation time is written once', () => {
  const worker = workerForThisFile();

  it('a status change keeps the order’s created_at to the microsecond and leaves its search rows alone', async () => {
    const orderId = await worker.order(worker.sellerId);
    // as the demo seed and the bench write orders: a creation time with microseconds
    await worker.dataSource.query(
      `UPDATE orders SET created_at = created_at + interval '123 microseconds' WHERE id = $1`,
      [orderId],
    );
    const state = async () =>
      (
        await worker.dataSource.query(
          `SELECT o.created_at::text AS created, array_agg(s.ctid::text ORDER BY s.ctid) AS search_rows
           FROM orders o JOIN order_search s ON s.order_id = o.id WHERE o.id = $1 GROUP BY o.created_at`,
          [orderId],
        )
      )[0];
    const before = await state();
    expect(before.created).toMatch(/\.\d{6}/);

    expect((await worker.command(JobName.ProcessOrder, { orderId }, worker.sellerId)).state).toBe('succeeded');

    expect(await worker.field('orders', 'status', orderId)).toBe('processing');
    expect(await state()).toEqual(before);
  });
});
