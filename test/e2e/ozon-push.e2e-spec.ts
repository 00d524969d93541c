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
});
