import { INestApplicationContext } from '@nestjs/common';
import { OzonSimulator } from '../../apps/ozon-sim/src/ozon-simulator';
import { OzonImport } from '../../apps/worker/src/marketplace/import-ozon/ozon-import.service';
import { OzonPush } from '../../apps/worker/src/marketplace/push-ozon/ozon-push.service';
import { as, eventually, ok, TenantFixture } from './support/fixtures';
import { Stack } from './support/stack';
import { OzonSuite, startOzonSuite } from './support/ozon-fixtures';

/**
 * Pushing the seller's decisions to Ozon (docs/ozon.md#push): a decision on an Ozon-born request shows "sending to
 * Ozon" until Ozon accepts it through the marketplace queue; one Ozon refuses stays visible on the case with Ozon's
 * answer; 429s are waited out.
 */
describe('pushing decisions to Ozon', () => {
  let suite: OzonSuite;
  let stack: Stack;
  let sim: OzonSimulator;
  let shop: TenantFixture;
  let worker: INestApplicationContext;
  const apiKey = 'push-suite-api-key';
  const account = () => suite.account();
  const agent = () => as(stack, { token: shop.agent });

  /** our request for one of Ozon's requests still ON_APPROVAL */
  async function openRequest(index: number) {
    const ozon = [...account().cancellations.values()].filter((c) => c.state === 'ON_APPROVAL')[index];
    const [row] = await stack.dataSource.query(
      `SELECT id FROM cancellation_requests WHERE seller_id = $1 AND posting_number = $2 AND state = 'awaiting_seller'`,
      [shop.sellerId, ozon.posting_number],
    );
    return { ozon, id: row.id as string };
  }
  const view = async (id: string) => ok(await agent().get(`/cancellations/${id}`));
  /** a packed posting the buyer asks to cancel: Ozon's request ON_APPROVAL, imported */
  async function freshRequest() {
    const posting = sim.store.createPosting(account(), {
      status: 'awaiting_deliver',
      products: [{ sku: 777, offer_id: 'OZ-LOST', name: 'Товар', price: '990.00', quantity: 1, currency_code: 'RUB' }],
    });
    const ozon = sim.store.buyerCancels(account(), posting.posting_number, 501)!;
    await suite.sync();
    const [row] = await stack.dataSource.query(
      `SELECT id FROM cancellation_requests WHERE seller_id = $1 AND posting_number = $2 AND state = 'awaiting_seller'`,
      [shop.sellerId, posting.posting_number],
    );
    return { ozon, id: row.id as string };
  }
  /** what Ozon answered each call to the path (0: the answer was lost) */
  const answersTo = (path: string) => sim.requests.filter((r) => r.path === path).map((r) => r.status);

  beforeAll(async () => {
    suite = await startOzonSuite(apiKey);
    ({ stack, sim, shop, worker } = suite);
    await suite.sync();
  });
  afterAll(() => suite.close());

  it('shows an approval as sending to Ozon until Ozon accepts it, then as accepted, with Ozon’s request approved', async () => {
    const { ozon, id } = await openRequest(0);
    expect((await view(id)).marketplace).toMatchObject({ externalId: String(ozon.cancellation_id), push: null });
    ok(await agent().post(`/cancellations/${id}/approve`, { comment: 'sorry, no stock' }));
    const sending = await view(id);
    expect(sending.state).toBe('approved');
    expect(sending.marketplace).toMatchObject({ push: 'sending', externalState: 'ON_APPROVAL' });

    sim.faults.push({ kind: 'rate-limit', times: 1, path: '/v2/conditional-cancellation/approve' });
    await worker.get(OzonPush, { strict: false }).scan();
    await eventually(async () => (await view(id)).marketplace.push === 'accepted', 20_000);
    expect(account().cancellations.get(ozon.cancellation_id)).toMatchObject({
      state: 'APPROVED',
      approve_comment: 'sorry, no stock',
    });
    expect((await view(id)).marketplace).toMatchObject({ externalState: 'APPROVED', pushError: null });
    expect(sim.violations).toEqual([]);
  });

  it('pushes a decision once: scanning again sends nothing more', async () => {
    const approvals = () => sim.requests.filter((r) => r.path === '/v2/conditional-cancellation/approve').length;
    const before = approvals();
    await worker.get(OzonPush, { strict: false }).scan();
    await worker.get(OzonImport, { strict: false }).syncSeller(shop.sellerId);
    expect(approvals()).toBe(before);
  });

  it('keeps a decision Ozon refused visible on the case with Ozon’s answer, never dropped', async () => {
    const { ozon, id } = await openRequest(0);
    // Ozon approved it on its side meanwhile; our rejection reaches Ozon too late
    sim.store.approveCancellation(account(), ozon.cancellation_id, 'approved in Ozon’s console');
    ok(
      await agent().post(`/cancellations/${id}/reject`, {
        reasonId: 'already-handed-to-carrier',
        comment: 'handed to the carrier this morning',
      }),
    );
    await worker.get(OzonPush, { strict: false }).scan();
    const refused = await eventually(async () => {
      const current = await view(id);
      return current.marketplace.push === 'refused' && current;
    }, 20_000);
    expect(refused.state).toBe('rejected');
    expect(refused.marketplace.pushError).toContain('APPROVED');
  });

  it('records an approval Ozon took but whose answer was lost as accepted, not refused (the retry finds it APPROVED)', async () => {
    const { ozon, id } = await freshRequest();
    ok(await agent().post(`/cancellations/${id}/approve`, { comment: 'approved before the line dropped' }));
    // Ozon applies the approval, the answer never arrives; the client's retry meets "APPROVED, not ON_APPROVAL"
    sim.faults.push({ kind: 'answer-lost', times: 1, path: '/v2/conditional-cancellation/approve' });
    const approvals = answersTo('/v2/conditional-cancellation/approve').length;
    await suite.scan();
    const accepted = await eventually(async () => {
      const current = await view(id);
      return current.marketplace.push !== 'sending' && current;
    }, 20_000);
    expect(accepted.marketplace).toMatchObject({ push: 'accepted', externalState: 'APPROVED', pushError: null });
    expect(accepted.state).toBe('approved');
    expect(account().cancellations.get(ozon.cancellation_id)).toMatchObject({
      state: 'APPROVED',
      approve_comment: 'approved before the line dropped',
    });
    expect(answersTo('/v2/conditional-cancellation/approve').slice(approvals)).toEqual([0, 400]);
  });

  it('reads Ozon’s state before a retried rejection: one Ozon already has is accepted without sending it again', async () => {
    const { ozon, id } = await freshRequest();
    ok(
      await agent().post(`/cancellations/${id}/reject`, {
        reasonId: 'already-handed-to-carrier',
        comment: 'handed to the carrier',
      }),
    );
    // every attempt of the job's first run (the client's 5) loses its answer, the first one applied on Ozon's side
    sim.faults.push({ kind: 'answer-lost', times: 5, path: '/v2/conditional-cancellation/reject' });
    const rejections = answersTo('/v2/conditional-cancellation/reject').length;
    await suite.scan();
    const accepted = await eventually(async () => {
      const current = await view(id);
      return current.marketplace.push !== 'sending' && current;
    }, 30_000);
    expect(accepted.marketplace).toMatchObject({ push: 'accepted', externalState: 'REJECTED', pushError: null });
    expect(account().cancellations.get(ozon.cancellation_id)?.state).toBe('REJECTED');
    // the job's next run read Ozon's state first and sent nothing
    expect(answersTo('/v2/conditional-cancellation/reject').slice(rejections)).toEqual([0, 0, 0, 0, 0]);
  });
});
