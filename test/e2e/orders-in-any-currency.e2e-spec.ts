import { loadServerConfig } from '@aftersale/server/messaging';
import { ReturnDeadlines } from '../../apps/worker/src/returns/expire-return-deadlines/return-deadlines.service';
import {
  as,
  buyerReturn,
  createOps,
  createTenant,
  expectProblem,
  ok,
  orderBody,
  orderInStatus,
  rub,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

/**
 * docs/rules.md "Return timers" and docs/api.md "Seller settings": the seller's default return-shipping fee is in
 * the settings currency and applies only to orders in that currency; an order in another currency gets zero in
 * its own currency, so its returns are approved by hand, by the deadline and in arbitration alike.
 */
describe('orders in any currency: return defaults per currency, and the settings currency', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let channel: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let ops: ReturnType<typeof as>;

  beforeAll(async () => {
    // a generous wait for outcomes: these tests read each command's answer, and a busy machine is slow
    stack = await startStack({ commandWaitMs: 20000 });
    tenant = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    agent = as(stack, { token: tenant.agent });
    admin = as(stack, { token: tenant.admin });
    ops = as(stack, { token: await createOps(stack) });
    // the seller works in roubles and charges buyers 300 RUB for return shipping by default
    expect(ok(await admin.put('/sellers/me/settings', { defaultReturnShippingFee: rub(30_000) }))).toMatchObject({
      currency: 'RUB',
      defaultReturnShippingFee: rub(30_000),
    });
  });
  afterAll(() => stack.close());

  const yuanOrder = () =>
    orderBody({
      lines: [{ sku: 'SKU-1', name: 'Phone case', quantity: 2, unitPrice: cny(5_000) }],
      paid: cny(10_000),
    });
  async function requestedReturn(body = yuanOrder()): Promise<any> {
    const orderId = await orderInStatus(stack, tenant, 'delivered', body);
    return buyerReturn(stack, tenant, orderId);
  }

  it('a return on an order in another currency is approved without naming a fee: zero in the order currency; a fee in the wrong currency is still 422', async () => {
    const opened = await requestedReturn();
    expectProblem(
      await agent.post(`/returns/${opened.id}/approve`, { returnShippingFee: rub(100) }),
      422,
      'currency-mismatch',
    );
    expect(ok(await agent.post(`/returns/${opened.id}/approve`, {}))).toMatchObject({
      state: 'approved',
      returnShippingPaidBy: 'buyer',
      returnShippingFee: cny(0),
    });
    // where the currencies match, the default applies
    const roubles = await requestedReturn(orderBody());
    expect(ok(await agent.post(`/returns/${roubles.id}/approve`, {})).returnShippingFee).toEqual(rub(30_000));
  });

  it('a return on an order in another currency is auto-approved at its deadline, with zero fee in the order currency', async () => {
    const opened = await requestedReturn();
    const at = new Date(new Date(opened.decisionDeadlineAt).getTime() + loadServerConfig().deadlineGraceMs + 1_000);
    expect(await stack.worker!.get(ReturnDeadlines).fire(opened.id, at)).toBe(true);
    expect(ok(await agent.get(`/returns/${opened.id}`))).toMatchObject({
      state: 'approved',
      decidedBy: 'deadline',
      returnShippingFee: cny(0),
    });
  });

  it('arbitration can approve a return on an order in another currency', async () => {
    const opened = await requestedReturn();
    ok(await agent.post(`/returns/${opened.id}/reject`, { reasonId: 'return-window-passed' }));
    ok(await channel.post(`/returns/${opened.id}/dispute`, { comment: 'Well within the window' }));
    expect(
      ok(await ops.post(`/returns/${opened.id}/arbitrate`, { decision: 'approved', comment: 'Within the window' })),
    ).toMatchObject({ state: 'approved', returnShippingFee: cny(0) });
  });

  it('the admin sets the settings currency (an ISO 4217 code) with a fee in it; a fee left in the old currency, or an unknown code, changes nothing', async () => {
    const other = await createTenant(stack);
    const otherAdmin = as(stack, { token: other.admin });
    expectProblem(await otherAdmin.put('/sellers/me/settings', { currency: 'XYZ' }), 400, 'validation-failed');
    expectProblem(await otherAdmin.put('/sellers/me/settings', { currency: 'cny' }), 400, 'validation-failed');
    ok(await otherAdmin.put('/sellers/me/settings', { defaultReturnShippingFee: rub(20_000) }));
    // the fee would otherwise silently become 20,000 of another currency
    const kept = await otherAdmin.put('/sellers/me/settings', { currency: 'CNY' });
    expectProblem(kept, 422, 'currency-mismatch');
    expectProblem(
      await otherAdmin.put('/sellers/me/settings', { currency: 'CNY', defaultReturnShippingFee: rub(20_000) }),
      422,
      'currency-mismatch',
    );
    expect(ok(await otherAdmin.get('/sellers/me/settings'))).toMatchObject({
      currency: 'RUB',
      defaultReturnShippingFee: rub(20_000),
    });
    expectProblem(
      await as(stack, { token: other.agent }).put('/sellers/me/settings', { currency: 'CNY' }),
      403,
      'forbidden',
    );
    expect(
      ok(await otherAdmin.put('/sellers/me/settings', { currency: 'CNY', defaultReturnShippingFee: cny(1_500) })),
    ).toMatchObject({ currency: 'CNY', defaultReturnShippingFee: cny(1_500) });

    // from now on the default applies to the seller's yuan orders, and roubles get zero
    const orderFor = async (body: ReturnType<typeof orderBody>) => {
      const orderId = await orderInStatus(stack, other, 'delivered', body);
      return ok(
        await as(stack, { key: other.channelKey }).post('/returns', {
          orderId,
          type: 'buyer_return',
          lines: [{ sku: 'SKU-1', quantity: 1 }],
          reasonId: 'wrong-model',
        }),
        201,
      );
    };
    const otherAgent = as(stack, { token: other.agent });
    const yuan = await orderFor(yuanOrder());
    expect(ok(await otherAgent.post(`/returns/${yuan.id}/approve`, {})).returnShippingFee).toEqual(cny(1_500));
    const roubles = await orderFor(orderBody());
    expect(ok(await otherAgent.post(`/returns/${roubles.id}/approve`, {})).returnShippingFee).toEqual(rub(0));
  });
});
