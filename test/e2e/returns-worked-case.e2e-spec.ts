import { as, createTenant, eventually, orderBody, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe("the seed's worked return case, end to end", () => {
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
  });
  afterAll(() => stack.close());

  it('wrong model, already shipped: the buyer pays the return shipping, the unopened item comes back intact, refund of the price minus the shipping', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const agent = as(stack, { token: tenant.agent });
    const warehouse = as(stack, { token: tenant.warehouse });
    const order = await channel.post(
      '/orders',
      orderBody({
        lines: [
          { sku: 'PHONE-X', name: 'Phone X 128 GB', quantity: 1, unitPrice: { amount: 2_999_000, currency: 'RUB' } },
        ],
        paid: { amount: 2_999_000, currency: 'RUB' },
      }),
    );
    const orderId = order.body.id;
    await agent.post(`/orders/${orderId}/process`);
    await agent.post(`/orders/${orderId}/ship`);

    // the order is already shipped: cancelling is refused, with the ways left
    const cancel = await channel.post('/cancellations', { orderId, reasonId: 'ordered-by-mistake' });
    expect(cancel.body.code).toBe('order-already-shipped');
    expect((await channel.post(`/orders/${orderId}/deliver`)).status).toBe(200);

    const opened = await channel.post('/returns', {
      orderId,
      type: 'buyer_return',
      lines: [{ sku: 'PHONE-X', quantity: 1 }],
      reasonId: 'wrong-model',
      comment: 'Ordered the wrong model',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ state: 'requested', type: 'buyer_return' });

    const approved = await agent.post(`/returns/${opened.body.id}/approve`, {
      returnShippingPaidBy: 'buyer',
      returnShippingFee: { amount: 35_000, currency: 'RUB' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      returnShippingPaidBy: 'buyer',
      returnShippingFee: { amount: 35_000 },
      returnAddress: 'Moscow, Returns st. 1',
    });

    const shipped = await channel.post(`/returns/${opened.body.id}/ship`, { trackingNumber: 'RU123456789CN' });
    expect(shipped.body.state).toBe('in_transit');

    const scan = await warehouse.post('/parcels/receive', { code: 'ru123456789cn' });
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({
      returnId: opened.body.id,
      alreadyReceived: false,
      parcel: { condition: 'intact' },
    });
    const rescan = await warehouse.post('/parcels/receive', { code: 'RU123456789CN' });
    expect(rescan.body).toMatchObject({
      alreadyReceived: true,
      returnId: opened.body.id,
      parcel: { id: scan.body.parcel.id },
    });

    const inspected = await warehouse.post(`/returns/${opened.body.id}/inspect`, {
      lines: [{ sku: 'PHONE-X', quantity: 1, outcome: 'intact' }],
    });
    expect(inspected.status).toBe(200);
    expect(inspected.body).toMatchObject({
      state: 'inspected',
      suggestedRefund: { amount: 2_999_000 - 35_000, currency: 'RUB' },
    });

    const refunded = await agent.post(`/returns/${opened.body.id}/refund`, {});
    expect(refunded.status).toBe(200);
    expect(refunded.body.state).toBe('partially_refunded');
    expect(refunded.body.refunded.amount).toBe(2_964_000);

    const refunds = await eventually(async () => {
      const list = await agent.get(`/refunds?filter=${encodeURIComponent(JSON.stringify({ orderId }))}`);
      return list.body.length === 1 && list.body[0].state === 'succeeded' && list.body;
    });
    expect(refunds[0]).toMatchObject({
      amount: { amount: 2_964_000 },
      cause: { type: 'return', id: opened.body.id },
      idempotencyKey: `return:${opened.body.id}`,
    });
    const finalOrder = await eventually(async () => {
      const current = await agent.get(`/orders/${orderId}`);
      return current.body.refunded.amount === 2_964_000 && current.body;
    });
    expect(finalOrder.status).toBe('returned');

    const timeline = await agent.get(
      `/audit-events?filter=${encodeURIComponent(JSON.stringify({ caseType: 'return', caseId: opened.body.id }))}`,
    );
    expect(timeline.body.map((e: { type: string }) => e.type)).toEqual([
      'ReturnRequested',
      'ReturnApproved',
      'ReturnShipped',
      'ReturnReceived',
      'ReturnInspected',
      'ReturnRefunded',
    ]);
  });
});
