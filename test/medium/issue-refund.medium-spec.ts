import { JobName } from '@aftersale/contracts';
import { SYSTEM_ACTOR } from '@aftersale/domain';
import { ServerConfig } from '@aftersale/server/messaging';
import { CommandExecution } from '../../apps/worker/src/infrastructure/command-execution.service';
import { lockOrder } from '../../apps/worker/src/orders/order-loading';
import { issueRefund, RefundToIssue } from '../../apps/worker/src/refunds/issue-refund';
import { IssuedRefunds } from '../../apps/worker/src/infrastructure/issued-refunds';
import { RefundAttemptRows, RefundForPayment } from '@aftersale/server/persistence';
import { workerForThisFile } from './support/worker-under-test';

describe('issuing a refund (apps/worker/src/refunds/issue-refund.ts)', () => {
  const worker = workerForThisFile();

  /** Issues in a transaction of its own, the order locked as a handler locks it. */
  function issue(orderId: string, refund: Omit<RefundToIssue, 'order' | 'actor' | 'at'>) {
    return worker.get(CommandExecution).runSystem(async (tx) => {
      const order = await lockOrder(tx, orderId, worker.sellerId);
      const issued = await issueRefund(tx, { ...refund, order, actor: SYSTEM_ACTOR, at: new Date() });
      return issued ? { amount: issued.amount.amount, key: issued.idempotencyKey } : null;
    });
  }

  const refundsOf = (orderId: string) =>
    worker.dataSource.query(
      `SELECT amount::int AS amount, idempotency_key AS key, state FROM refunds WHERE order_id = $1 ORDER BY created_at`,
      [orderId],
    );

  it('rest-of-paid refunds what the order’s other refunds left, and issues nothing when nothing is left', async () => {
    const orderId = await worker.order(worker.sellerId);
    const money = (amount: number) => ({ amount, currency: 'RUB' });
    const refuse = 'refuse' as const;
    expect(
      await issue(orderId, {
        cause: { type: 'compensation', id: crypto.randomUUID() },
        amount: money(30000),
        whenAlreadyIssued: refuse,
      }),
    ).toMatchObject({ amount: 30000 });
    const rest = crypto.randomUUID();
    expect(
      await issue(orderId, {
        cause: { type: 'cancellation', id: rest },
        amount: 'rest-of-paid',
        whenAlreadyIssued: 'keep-existing',
      }),
    ).toEqual({ amount: 70000, key: `cancellation:${rest}` });
    expect(
      await issue(orderId, {
        cause: { type: 'cancellation', id: crypto.randomUUID() },
        amount: 'rest-of-paid',
        whenAlreadyIssued: 'keep-existing',
      }),
    ).toBeNull();
    expect(await refundsOf(orderId)).toHaveLength(2);
  });

  it('keep-existing: a cause refunded already keeps its one refund, and issuing again does nothing', async () => {
    const orderId = await worker.order(worker.sellerId);
    const cause = { type: 'cancellation' as const, id: crypto.randomUUID() };
    await issue(orderId, { cause, amount: { amount: 10000, currency: 'RUB' }, whenAlreadyIssued: 'keep-existing' });
    expect(await issue(orderId, { cause, amount: 'rest-of-paid', whenAlreadyIssued: 'keep-existing' })).toBeNull();
    expect(await refundsOf(orderId)).toEqual([{ amount: 10000, key: `cancellation:${cause.id}`, state: 'processing' }]);
  });

  it('refuse: a cause refunded already is refused with invalid-transition, and nothing is added', async () => {
    const orderId = await worker.order(worker.sellerId);
    const cause = { type: 'return' as const, id: crypto.randomUUID() };
    await issue(orderId, { cause, amount: { amount: 10000, currency: 'RUB' }, whenAlreadyIssued: 'refuse' });
    await expect(
      issue(orderId, { cause, amount: { amount: 10000, currency: 'RUB' }, whenAlreadyIssued: 'refuse' }),
    ).rejects.toMatchObject({ code: 'invalid-transition' });
    expect(await refundsOf(orderId)).toHaveLength(1);
  });

  it('a fixed amount beyond what is left to refund is refused with refund-exceeds-paid, naming what is left', async () => {
    const orderId = await worker.order(worker.sellerId);
    await issue(orderId, {
      cause: { type: 'compensation', id: crypto.randomUUID() },
      amount: { amount: 80000, currency: 'RUB' },
      whenAlreadyIssued: 'refuse',
    });
    await expect(
      issue(orderId, {
        cause: { type: 'return', id: crypto.randomUUID() },
        amount: { amount: 30000, currency: 'RUB' },
        whenAlreadyIssued: 'refuse',
      }),
    ).rejects.toMatchObject({ code: 'refund-exceeds-paid', details: { remaining: { amount: 20000 } } });
  });

  it('the decision starts the refund’s first attempt: committed processing with it, held for the lease, RefundAttemptStarted after RefundCreated', async () => {
    const orderId = await worker.order(worker.sellerId);
    const before = Date.now();
    await issue(orderId, {
      cause: { type: 'compensation', id: crypto.randomUUID() },
      amount: { amount: 10000, currency: 'RUB' },
      whenAlreadyIssued: 'refuse',
    });
    const [refund] = await worker.dataSource.query(
      `SELECT state, attempts, attempt_ends_by AS "endsBy" FROM refunds WHERE order_id = $1`,
      [orderId],
    );
    expect(refund).toMatchObject({ state: 'processing', attempts: 1 });
    const lease = worker.get(ServerConfig).refundAttemptLeaseMs;
    expect(refund.endsBy.getTime()).toBeGreaterThanOrEqual(before + lease);
    expect(refund.endsBy.getTime()).toBeLessThanOrEqual(Date.now() + lease);
    const audit = await worker.dataSource.query(
      `SELECT type FROM audit_events WHERE order_id = $1 AND type LIKE 'Refund%' ORDER BY seq`,
      [orderId],
    );
    expect(audit.map((row: { type: string }) => row.type)).toEqual(['RefundCreated', 'RefundAttemptStarted']);
  });

  it('a refund issued by a decision is paid after the commit, in its RefundCreated event’s job: no ExecuteRefund job when the payment answers', async () => {
    const { orderId, refundId, eventJob } = await worker.refundOfCancelledOrder();
    const [refund] = await refundsOf(orderId);
    expect(refund).toMatchObject({ amount: 100000, state: 'processing' });
    await worker.job(JobName.PublishedEvent, eventJob);
    expect(await refundsOf(orderId)).toEqual([expect.objectContaining({ amount: 100000, state: 'succeeded' })]);
    expect(await worker.field('refunds', 'attempts', refundId)).toBe(1);
    expect(worker.queues.named(JobName.ExecuteRefund).map((job) => job.data.refundId)).not.toContain(refundId);
    const [order] = await worker.dataSource.query(`SELECT refunded_amount::int AS refunded FROM orders WHERE id = $1`, [
      orderId,
    ]);
    expect(order.refunded).toBe(100000);
  });

  /** What an attempt gets of a refund: the refund, its order and the payment's route, as plain values. */
  const asValues = (found: RefundForPayment | null | undefined) =>
    found && { refund: found.refund.toSnapshot(), order: found.order.toSnapshot(), marketplace: found.marketplace };

  it('the refund issued with its first attempt is handed to that attempt as its rows stand once committed, with the order the decision wrote', async () => {
    const { refundId } = await worker.refundOfCancelledOrder();
    const handed = worker.get(IssuedRefunds).take(refundId);
    expect(handed).toBeDefined();
    expect(handed!.order.status).toBe('cancelled');
    expect(asValues(handed)).toEqual(asValues(await worker.get(RefundAttemptRows).find(refundId)));
    expect(worker.get(IssuedRefunds).take(refundId)).toBeUndefined(); // taken once
  });

  it('an order the issuing transaction did not write is handed over as it was read, with the marketplace that routes its payment', async () => {
    const orderId = await worker.order(worker.sellerId);
    await worker.dataSource.query(
      `INSERT INTO marketplace_links (seller_id, marketplace, kind, external_id, local_id) VALUES ($1, 'ozon', 'posting', $2, $3)`,
      [worker.sellerId, `posting-${orderId}`, orderId],
    );
    const { key } = (await issue(orderId, {
      cause: { type: 'compensation', id: crypto.randomUUID() },
      amount: { amount: 10000, currency: 'RUB' },
      whenAlreadyIssued: 'refuse',
    }))!;
    const [{ id: refundId }] = await worker.dataSource.query(`SELECT id FROM refunds WHERE idempotency_key = $1`, [
      key,
    ]);
    const handed = worker.get(IssuedRefunds).take(refundId);
    expect(handed?.marketplace).toBe('ozon');
    expect(asValues(handed)).toEqual(asValues(await worker.get(RefundAttemptRows).find(refundId)));
  });

  it('the first attempt pays a refund handed over by its decision without reading it; one handed over by none is read first', async () => {
    const read = jest.spyOn(worker.get(RefundAttemptRows), 'find');
    try {
      const handedOver = await worker.refundOfCancelledOrder();
      await worker.job(JobName.PublishedEvent, handedOver.eventJob);
      expect(read).not.toHaveBeenCalled();

      const notHandedOver = await worker.refundOfCancelledOrder();
      worker.get(IssuedRefunds).take(notHandedOver.refundId); // as when another worker's decision issued it
      await worker.job(JobName.PublishedEvent, notHandedOver.eventJob);
      expect(read).toHaveBeenCalledWith(notHandedOver.refundId);

      for (const { orderId } of [handedOver, notHandedOver])
        expect(
          await worker.dataSource.query(
            `SELECT r.state, o.refunded_amount::int AS refunded FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.order_id = $1`,
            [orderId],
          ),
        ).toEqual([{ state: 'succeeded', refunded: 100000 }]);
    } finally {
      read.mockRestore();
    }
  });
});
