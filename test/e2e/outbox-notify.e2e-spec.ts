import { randomUUID } from 'node:crypto';
import { as, createTenant, eventually, orderInStatus, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('the outbox relay wakes on NOTIFY (docs/benchmarks.md "Changes and their effect", 4)', () => {
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

  async function commitEvent(): Promise<string> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload) VALUES ($1, 'NotifyProbe', $2, 'probe', $3, '{}')`,
      [id, sellerId, randomUUID()],
    );
    return id;
  }
  const publishedAt = async (id: string): Promise<Date | null> =>
    (await stack.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [id]))[0].published_at;

  it('an event committed while the relay waits for its next poll is published within moments', async () => {
    for (let i = 0; i < 3; i++) {
      const id = await commitEvent();
      await eventually(() => publishedAt(id), 3000);
    }
  });

  it('a refund is paid right after the cancellation that issued it, with no poll in between', async () => {
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
