import { RecoverySweep } from '../../apps/worker/src/events/recovery-sweep.service';
import { RefundExecution } from '../../apps/worker/src/refunds/execute-refund/refund-execution.service';
import {
  as,
  createOps,
  createTenant,
  eventually,
  expectProblem,
  ok,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** docs/api.md "Refunds and payments": the payment port's answers are final, and they win over a person's void. */
describe('refunds and the payment port', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let channel: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let ops: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    admin = as(stack, { token: tenant.admin });
    ops = as(stack, { token: await createOps(stack) });
  });
  afterAll(() => stack.close());

  const refundOf = async (orderId: string) => {
    const list = ok(await admin.get(`/refunds?filter=${encodeURIComponent(JSON.stringify({ orderId }))}`));
    return list.length === 1 ? list[0] : null;
  };
  const trail = async (refundId: string) =>
    (
      await stack.dataSource.query(
        `SELECT type, from_state, to_state FROM audit_events WHERE case_id = $1 ORDER BY seq`,
        [refundId],
      )
    ).map((e: { type: string; from_state: string; to_state: string }) => [e.type, e.from_state, e.to_state]);

  /** A cancelled order's full refund, paid right after the answer. */
  async function cancelledOrder(): Promise<string> {
    const orderId = await orderInStatus(stack, tenant, 'pending');
    return orderId;
  }
  const cancel = async (orderId: string) =>
    ok(await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }), 201);

  /**
   * A refund whose last attempt failed: the event job's first attempt waits on the provider (`hang`: a first
   * attempt pays without asking the status first) past its hold on the refund, as a dead worker's call would, while
   * a last attempt runs with the given pay behaviour and cannot look the outcome up afterwards; the first then fails
   * as unreachable and its retry finds the refund failed.
   */
  async function failedRefund(pay: 'timeout-after-paying' | 'unreachable') {
    const orderId = await cancelledOrder();
    // the last attempt's second look (after its pay call fails) cannot reach the provider either
    stack.payments.script(orderId, { pay: ['hang', pay], status: ['pass', 'unreachable'] });
    await cancel(orderId);
    const pending = await eventually(async () => stack.payments.hanging === 1 && refundOf(orderId));
    // its hold has run out (docs/reliability.md, "One attempt at a time"): another attempt may start
    await stack.dataSource.query(`UPDATE refunds SET attempt_ends_by = now() - interval '1 second' WHERE id = $1`, [
      pending.id,
    ]);
    await expect(
      stack.worker!.get(RefundExecution).execute({ refundId: pending.id, lastAttempt: true }),
    ).rejects.toThrow();
    stack.payments.release();
    const failed = await refundOf(orderId);
    expect(failed.state).toBe('failed');
    return { orderId, refund: failed };
  }

  it('a refund the payment provider declines ends declined: recorded with the reason, nothing paid, its amount released, never retried nor voided', async () => {
    const orderId = await cancelledOrder();
    stack.payments.script(orderId, { pay: ['decline'] });
    await cancel(orderId);
    const refund = await eventually(async () => {
      const current = await refundOf(orderId);
      return current?.state === 'declined' && current;
    });
    expect(refund).toMatchObject({
      amount: { amount: 100000, currency: 'RUB' },
      lastError: expect.stringContaining('declined'),
      completedAt: expect.any(String),
    });
    expect(await trail(refund.id)).toEqual([
      ['RefundCreated', null, 'pending'],
      ['RefundAttemptStarted', 'pending', 'processing'],
      ['RefundDeclined', 'processing', 'declined'],
    ]);
    expect(ok(await admin.get(`/orders/${orderId}`)).refunded).toEqual({ amount: 0, currency: 'RUB' });
    // the amount is released: nothing of the order's payment is held any more
    const [{ held }] = await stack.dataSource.query(
      `SELECT COALESCE(SUM(amount), 0)::int AS held FROM refunds WHERE order_id = $1 AND state IN ('pending', 'processing', 'succeeded', 'failed')`,
      [orderId],
    );
    expect(held).toBe(0);
    expectProblem(await admin.post(`/refunds/${refund.id}/retry`), 409, 'invalid-transition');
    expectProblem(await admin.post(`/refunds/${refund.id}/void`, { comment: 'give up' }), 409, 'invalid-transition');
    // nothing re-sends it: the recovery sweep only picks up unpaid refunds
    expect((await stack.worker!.get(RecoverySweep).sweep(0)).refunds).toBe(0);
    expect(stack.payments.paymentsFor(refund.idempotencyKey)).toBe(1);
    expect((await refundOf(orderId)).state).toBe('declined');
  });

  it('voiding a failed refund asks the payment port first: one that was paid becomes succeeded, and the void is refused with that state', async () => {
    const { orderId, refund } = await failedRefund('timeout-after-paying');
    expect(stack.payments.paymentsFor(refund.idempotencyKey)).toBe(1);

    const voided = await admin.post(`/refunds/${refund.id}/void`, { comment: 'Paid by bank transfer' });
    expectProblem(voided, 409, 'invalid-transition');
    expect(voided.body).toMatchObject({ currentState: 'succeeded', detail: expect.stringMatching(/paid/) });
    expect(await refundOf(orderId)).toMatchObject({ state: 'succeeded', completedAt: expect.any(String) });
    expect(ok(await admin.get(`/orders/${orderId}`)).refunded).toEqual({ amount: 100000, currency: 'RUB' });
    expect((await trail(refund.id)).slice(-2)).toEqual([
      ['RefundFailed', 'processing', 'failed'],
      ['RefundSucceeded', 'failed', 'succeeded'],
    ]);
    // the provider was asked, never paid a second time
    expect(stack.payments.paymentsFor(refund.idempotencyKey)).toBe(1);
    expect(stack.payments.callsFor(refund.idempotencyKey).at(-1)).toMatchObject({
      method: 'status',
      answer: 'succeeded',
    });
  });

  it('a failed refund the payment provider never received is voided, releasing its amount', async () => {
    const { orderId, refund } = await failedRefund('unreachable');
    expect(stack.payments.paymentsFor(refund.idempotencyKey)).toBe(0);
    const voided = ok(await ops.post(`/refunds/${refund.id}/void`, { comment: 'Paid by bank transfer' }));
    expect(voided).toMatchObject({ id: refund.id, state: 'voided' });
    expect(stack.payments.callsFor(refund.idempotencyKey).at(-1)).toMatchObject({
      method: 'status',
      answer: 'unknown',
    });
    expect(ok(await admin.get(`/orders/${orderId}`)).refunded.amount).toBe(0);
  });
});

/**
 * docs/scaling.md: the events queue has a concurrency of its own (WORKER_EVENTS_CONCURRENCY), since a refund's first
 * payment runs in its RefundCreated event's job and waits on the provider; with the events queue at
 * WORKER_CONCURRENCY the payments queued behind one another (docs/benchmarks.md, 12).
 */
describe('refunds paid at once in the events queue', () => {
  const saved = { ...process.env };
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    process.env.WORKER_CONCURRENCY = '1';
    process.env.WORKER_EVENTS_CONCURRENCY = '3';
    stack = await startStack();
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack.close();
    process.env = { ...saved };
  });

  it('WORKER_EVENTS_CONCURRENCY refunds wait on the payment provider at once, beyond WORKER_CONCURRENCY; each is paid once', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const orders = await Promise.all([1, 2, 3].map(() => orderInStatus(stack, tenant, 'pending')));
    // each refund's first pay call waits until released, then fails as unreachable; an ExecuteRefund job pays it
    for (const orderId of orders) stack.payments.script(orderId, { pay: ['hang'] });
    for (const orderId of orders) ok(await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }), 201);

    await eventually(async () => stack.payments.hanging === 3);
    stack.payments.release();

    const refunds = await eventually(async () => {
      const rows: { state: string; key: string }[] = await stack.dataSource.query(
        `SELECT state, idempotency_key AS key FROM refunds WHERE order_id = ANY($1)`,
        [orders],
      );
      return rows.length === 3 && rows.every((row) => row.state === 'succeeded') && rows;
    }, 20000);
    for (const { key } of refunds) expect(stack.payments.paymentsFor(key)).toBe(1);
  });
});
