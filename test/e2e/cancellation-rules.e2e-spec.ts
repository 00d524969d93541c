import { as, createTenant, DEADLINE_TIMER_WAIT_MS, eventually, orderBody, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('cancellation rules (docs/rules.md#cancellations) through HTTP on the real stack', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let channel: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    agent = as(stack, { token: tenant.agent });
  });
  afterAll(() => stack.close());

  async function orderIn(status: 'pending' | 'processing' | 'shipped' | 'delivered', body = orderBody()) {
    const created = await channel.post('/orders', body);
    expect(created.status).toBe(201);
    const id = created.body.id;
    if (status !== 'pending') expect((await agent.post(`/orders/${id}/process`)).status).toBe(200);
    if (status === 'shipped' || status === 'delivered')
      expect((await agent.post(`/orders/${id}/ship`)).status).toBe(200);
    if (status === 'delivered') expect((await channel.post(`/orders/${id}/deliver`)).status).toBe(200);
    return id as string;
  }

  async function refundsOf(orderId: string) {
    const response = await agent.get(`/refunds?filter=${encodeURIComponent(JSON.stringify({ orderId }))}`);
    expect(response.status).toBe(200);
    return response.body as { state: string; amount: { amount: number }; idempotencyKey: string }[];
  }

  it('approves a request on a pending order at once, cancels the order and pays the full refund once', async () => {
    const orderId = await orderIn('pending');
    const response = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ state: 'approved', decidedBy: 'system', initiator: 'buyer' });
    expect((await agent.get(`/orders/${orderId}`)).body.status).toBe('cancelled');
    const [refund] = await eventually(async () => {
      const refunds = await refundsOf(orderId);
      return refunds.length === 1 && refunds[0].state === 'succeeded' && refunds;
    });
    expect(refund).toMatchObject({ amount: { amount: 100000 }, idempotencyKey: `cancellation:${response.body.id}` });
    expect(stack.payments.paymentsFor(refund.idempotencyKey)).toBe(1);
    expect((await agent.get(`/orders/${orderId}`)).body.refunded.amount).toBe(100000);
  });

  it('puts a request on a processing order to the seller with the seller deadline, and approval cancels the order with a pending refund in the same step', async () => {
    const orderId = await orderIn('processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'found-cheaper' });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('awaiting_seller');
    const hours =
      (new Date(created.body.deadlineAt).getTime() - new Date(created.body.createdAt).getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(72, 3);
    const approved = await agent.post(`/cancellations/${created.body.id}/approve`, { comment: 'ok' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', decisionComment: 'ok' });
    expect(approved.body.deadlineAt).toBe(created.body.deadlineAt);
    expect((await agent.get(`/orders/${orderId}`)).body.status).toBe('cancelled');
    const refunds = await refundsOf(orderId);
    expect(refunds).toHaveLength(1);
  });

  it('rejection needs a reason and a comment, and the order continues', async () => {
    const orderId = await orderIn('processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    const noComment = await agent.post(`/cancellations/${created.body.id}/reject`, {
      reasonId: 'already-handed-to-carrier',
    });
    expect(noComment.status).toBe(400);
    expect(noComment.body.code).toBe('validation-failed');
    const rejected = await agent.post(`/cancellations/${created.body.id}/reject`, {
      reasonId: 'already-handed-to-carrier',
      comment: 'Handed to the carrier this morning',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.state).toBe('rejected');
    expect((await agent.get(`/orders/${orderId}`)).body.status).toBe('processing');
    expect((await agent.post(`/orders/${orderId}/ship`)).status).toBe(200);
    expect(await refundsOf(orderId)).toHaveLength(0);
  });

  it('a decision is taken once: a second approve and a reject after approve are 409 invalid-transition with the current state', async () => {
    const orderId = await orderIn('processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    expect((await agent.post(`/cancellations/${created.body.id}/approve`, {})).status).toBe(200);
    const again = await agent.post(`/cancellations/${created.body.id}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invalid-transition', currentState: 'approved' });
    const reject = await agent.post(`/cancellations/${created.body.id}/reject`, {
      reasonId: 'already-packed',
      comment: 'late',
    });
    expect(reject.status).toBe(409);
    expect(await refundsOf(orderId)).toHaveLength(1);
  });

  it('refuses a buyer cancellation of a shipped or delivered order with order-already-shipped, naming the ways left', async () => {
    for (const status of ['shipped', 'delivered'] as const) {
      const orderId = await orderIn(status);
      const response = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ code: 'order-already-shipped', currentState: status });
      expect(response.body.detail).toMatch(/return/i);
    }
  });

  it('refuses cancelling a cancelled order with invalid-transition: nothing to cancel', async () => {
    const orderId = await orderIn('pending');
    await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    const again = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invalid-transition', currentState: 'cancelled' });
  });

  it('keeps one open request per order and blocks shipping while it waits', async () => {
    const orderId = await orderIn('processing');
    expect((await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' })).status).toBe(201);
    const second = await channel.post('/cancellations', { orderId, reasonId: 'found-cheaper' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('cancellation-already-open');
    const ship = await agent.post(`/orders/${orderId}/ship`);
    expect(ship.status).toBe(409);
    expect(ship.body.code).toBe('order-has-open-cancellation');
  });

  it('lets the buyer withdraw before a decision, after which the order can ship', async () => {
    const orderId = await orderIn('processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    const withdrawn = await channel.post(`/cancellations/${created.body.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await agent.post(`/orders/${orderId}/ship`)).status).toBe(200);
  });

  it('lets a carrier request a cancellation of a shipped order; delivery while it waits supersedes it', async () => {
    const orderId = await orderIn('shipped');
    const created = await channel.post('/cancellations', {
      orderId,
      reasonId: 'lost-by-carrier',
      initiator: 'carrier',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'awaiting_seller', initiator: 'carrier' });
    expect((await channel.post(`/orders/${orderId}/deliver`)).status).toBe(200);
    expect((await agent.get(`/cancellations/${created.body.id}`)).body.state).toBe('superseded');
  });

  it('a refusal at the door while a carrier request waits also supersedes it', async () => {
    const orderId = await orderIn('shipped');
    const created = await channel.post('/cancellations', {
      orderId,
      reasonId: 'cannot-deliver-to-region',
      initiator: 'carrier',
    });
    expect((await channel.post(`/orders/${orderId}/refuse-delivery`)).body.status).toBe('delivery_refused');
    expect((await agent.get(`/cancellations/${created.body.id}`)).body.state).toBe('superseded');
  });

  it('approving a carrier request on a shipped order cancels it and refunds in full', async () => {
    const orderId = await orderIn('shipped');
    const created = await channel.post('/cancellations', {
      orderId,
      reasonId: 'lost-by-carrier',
      initiator: 'carrier',
    });
    expect((await agent.post(`/cancellations/${created.body.id}/approve`, {})).body.state).toBe('approved');
    expect((await agent.get(`/orders/${orderId}`)).body.status).toBe('cancelled');
    expect(await refundsOf(orderId)).toHaveLength(1);
  });

  it("the seller's own cancellation of an order it cannot fulfil cancels and refunds at once, counted as the seller's", async () => {
    const orderId = await orderIn('processing');
    const response = await agent.post(`/orders/${orderId}/cancel`, { reasonId: 'out-of-stock' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'cancelled', cancelledBySeller: true });
    const list = await agent.get(`/cancellations?filter=${encodeURIComponent(JSON.stringify({ orderId }))}`);
    expect(list.body[0]).toMatchObject({ initiator: 'seller', state: 'approved' });
    await eventually(async () => (await refundsOf(orderId))[0]?.state === 'succeeded');
    const shipped = await orderIn('shipped');
    expect((await agent.post(`/orders/${shipped}/cancel`, { reasonId: 'out-of-stock' })).status).toBe(409);
  });

  it('records every transition with who and when in the audit trail', async () => {
    const orderId = await orderIn('processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    await agent.post(`/cancellations/${created.body.id}/approve`, {});
    const events = await agent.get(
      `/audit-events?filter=${encodeURIComponent(JSON.stringify({ caseType: 'cancellation', caseId: created.body.id }))}`,
    );
    expect(events.status).toBe(200);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['CancellationRequested', 'CancellationApproved']);
    expect(events.body[0].actor.kind).toBe('channel');
    expect(events.body[1].actor).toMatchObject({ kind: 'user' });
    expect(events.body[1]).toMatchObject({ from: 'awaiting_seller', to: 'approved' });
  });
});

describe('cancellation deadline (docs/rules.md#the-sellers-deadline) with a short per-seller deadline', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('auto-approves when the deadline passes with no decision, refunds once, and a later decision is 409', async () => {
    const tenant = await createTenant(stack);
    const admin = as(stack, { token: tenant.admin });
    const channel = as(stack, { key: tenant.channelKey });
    expect(
      (await admin.put('/sellers/me/settings', { cancellationDeadlineHours: 0.001 })).body.cancellationDeadlineHours,
    ).toBe(0.001);
    const order = await channel.post('/orders', orderBody());
    await admin.post(`/orders/${order.body.id}/process`);
    const created = await channel.post('/cancellations', { orderId: order.body.id, reasonId: 'changed-mind' });
    expect(created.body.state).toBe('awaiting_seller');
    const decided = await eventually(async () => {
      const current = await admin.get(`/cancellations/${created.body.id}`);
      return current.body.state === 'auto_approved' && current.body;
    }, DEADLINE_TIMER_WAIT_MS);
    expect(decided).toMatchObject({ decidedBy: 'deadline', deadlineAt: created.body.deadlineAt });
    const thread = await admin.get(
      `/messages?filter=${encodeURIComponent(JSON.stringify({ caseType: 'cancellation', caseId: created.body.id }))}`,
    );
    expect(thread.body).toEqual([
      expect.objectContaining({
        author: expect.objectContaining({ kind: 'system' }),
        body: expect.stringMatching(/approved automatically/),
      }),
    ]);
    expect((await admin.get(`/orders/${order.body.id}`)).body.status).toBe('cancelled');
    const late = await admin.post(`/cancellations/${created.body.id}/reject`, {
      reasonId: 'already-packed',
      comment: 'too late',
    });
    expect(late.status).toBe(409);
    expect(late.body.currentState).toBe('auto_approved');
    await eventually(async () => {
      const refunds = await admin.get(
        `/refunds?filter=${encodeURIComponent(JSON.stringify({ orderId: order.body.id }))}`,
      );
      return refunds.body.length === 1 && refunds.body[0].state === 'succeeded';
    });
  });
});
