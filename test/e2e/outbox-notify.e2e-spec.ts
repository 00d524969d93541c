import { randomUUID } from 'node:crypto';
import { as, createTenant, eventually, orderInStatus, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * docs/benchmarks.md, 4 and 24: the relay wakes right after the worker's own commits of events for it, and on a
 * notification of the `outbox` channel from a writer elsewhere; the poll is only the safety net.
 */
describe('the outbox relay wakes at the commit, not at its next poll', () => {
  let stack: Stack;
  let sellerId: string;
  let tenant: TenantFixture;
  const pollBefore = process.env.OUTBOX_POLL_MS;

  beforeAll(async () => {
    // a poll too slow to matter here: only the notification can publish within the test's bounds
    process.env.OUTBOX_POLL_MS = '600000';
    stack = await startStack();
    tenant = await createTenant(stack);
    sellerId = tenant.sellerId;
  });
  afterAll(async () => {
    await stack?.close();
    if (pollBefore === undefined) delete process.env.OUTBOX_POLL_MS;
    else process.env.OUTBOX_POLL_MS = pollBefore;
  });

  /** A writer outside the worker: it commits its row, then notifies the outbox channel. */
  async function commitEventAndNotify(): Promise<string> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload) VALUES ($1, 'NotifyProbe', $2, 'probe', $3, '{}')`,
      [id, sellerId, randomUUID()],
    );
    await stack.dataSource.query(`SELECT pg_notify('outbox', '')`);
    return id;
  }
  const publishedAt = async (id: string): Promise<Date | null> =>
    (await stack.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [id]))[0].published_at;

  it('an event committed elsewhere, then notified on the outbox channel, is published within moments', async () => {
    for (let i = 0; i < 3; i++) {
      const id = await commitEventAndNotify();
      await eventually(() => publishedAt(id), 3000);
    }
  });

  it('a refund is paid right after the cancellation that issued it, with no poll in between: the worker’s commit wakes its relay', async () => {
    const orderId = await orderInStatus(stack, tenant, 'pending');
    // a pending order's cancellation is approved at once, its refund issued in the same transaction
    const opened = await as(stack, { key: tenant.channelKey }).post('/cancellations', {
      orderId,
      reasonId: 'changed-mind',
    });
    expect(opened.status).toBe(201);
    await eventually(async () => {
      const [refund] = await stack.dataSource.query(`SELECT state FROM refunds WHERE order_id = $1`, [orderId]);
      return refund?.state === 'succeeded';
    }, 5000);
  });
});
