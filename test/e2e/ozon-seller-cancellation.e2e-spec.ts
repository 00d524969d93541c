import { as, eventually, ok } from './support/fixtures';
import { OzonSuite, startOzonSuite } from './support/ozon-fixtures';

/**
 * The seller's own cancellation of an Ozon order (docs/ozon.md#push): sent to Ozon as `/v2/posting/fbs/cancel` with
 * Ozon's cancel reason id, shown as sending until Ozon accepts it; its refund is Ozon's, paid once Ozon accepted it.
 * One Ozon refuses stays on the case with Ozon's answer, and its refund is declined.
 */
describe('the seller’s own cancellation of an Ozon order', () => {
  let ozon: OzonSuite;
  const agent = () => as(ozon.stack, { token: ozon.shop.agent });

  /** an imported order in `pending` with no cancellation, and its posting */
  async function pendingOzonOrder(index: number) {
    const rows = (await ozon.stack.dataSource.query(
      `SELECT o.id, o.posting_number FROM orders o
         JOIN marketplace_links p ON p.local_id = o.id AND p.kind = 'posting'
        WHERE o.seller_id = $1 AND o.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM cancellation_requests c WHERE c.order_id = o.id)
        ORDER BY o.posting_number`,
      [ozon.shop.sellerId],
    )) as { id: string; posting_number: string }[];
    return rows[index];
  }
  const requestOf = async (orderId: string) =>
    (await ozon.stack.dataSource.query(`SELECT id FROM cancellation_requests WHERE order_id = $1`, [orderId]))[0]
      .id as string;
  const refundOf = async (orderId: string) =>
    (
      (await ozon.stack.dataSource.query(`SELECT state, last_error, idempotency_key FROM refunds WHERE order_id = $1`, [
        orderId,
      ])) as { state: string; last_error: string | null; idempotency_key: string }[]
    )[0];
  const view = async (id: string) => ok(await agent().get(`/cancellations/${id}`));

  beforeAll(async () => {
    ozon = await startOzonSuite('seller-cancellation-suite-api-key');
    await ozon.sync();
  });
  afterAll(() => ozon.close());

  it('sends the cancellation with Ozon’s reason id, shows it sending until Ozon accepts it, and Ozon pays the refund', async () => {
    const order = await pendingOzonOrder(0);
    ok(await agent().post(`/orders/${order.id}/cancel`, { reasonId: 'out-of-stock' }));
    const requestId = await requestOf(order.id);
    await ozon.scan();
    expect((await view(requestId)).marketplace).toMatchObject({ push: expect.stringMatching(/sending|accepted/) });
    await eventually(async () => (await view(requestId)).marketplace?.push === 'accepted', 20_000);

    const posting = ozon.account().postings.get(order.posting_number)!;
    expect(posting.status).toBe('cancelled');
    expect(posting.cancellation).toMatchObject({ cancel_reason_id: 352, cancellation_type: 'seller' });
    const refund = await eventually(async () => {
      await ozon.scan();
      const current = await refundOf(order.id);
      return current?.state === 'succeeded' && current;
    }, 20_000);
    const ledger = await ozon.stack.dataSource.query(`SELECT 1 FROM simulated_payments WHERE idempotency_key = $1`, [
      refund.idempotency_key,
    ]);
    expect(ledger).toHaveLength(0);

    // importing again changes nothing: the posting Ozon cancelled is the order we cancelled
    await ozon.sync();
    expect(ozon.sim.requests.filter((r) => r.path === '/v2/posting/fbs/cancel')).toHaveLength(1);
    expect(ozon.sim.violations).toEqual([]);
  });

  it('keeps a cancellation Ozon refuses with Ozon’s answer, and declines its refund', async () => {
    const order = await pendingOzonOrder(0);
    // on Ozon's side the posting is already on its way: Ozon will not cancel it as out of stock
    ozon.sim.store.moveTo(ozon.account().postings.get(order.posting_number)!, 'delivering');
    ok(await agent().post(`/orders/${order.id}/cancel`, { reasonId: 'out-of-stock' }));
    const requestId = await requestOf(order.id);
    await ozon.scan();
    const refused = await eventually(async () => {
      const current = await view(requestId);
      return current.marketplace?.push === 'refused' && current;
    }, 20_000);
    expect(refused.marketplace.pushError).toContain('cannot be cancelled');
    const refund = await eventually(async () => {
      await ozon.scan();
      const current = await refundOf(order.id);
      return current?.state === 'declined' && current;
    }, 20_000);
    expect(refund.last_error).toMatch(/^Ozon refused/);
  });

  it('records a cancellation Ozon took but whose answer was lost as accepted, not refused, and Ozon pays the refund', async () => {
    const order = await pendingOzonOrder(0);
    ok(await agent().post(`/orders/${order.id}/cancel`, { reasonId: 'out-of-stock' }));
    const requestId = await requestOf(order.id);
    // Ozon cancels the posting, the answer never arrives; the client's retry meets "cannot be cancelled"
    ozon.sim.faults.push({ kind: 'answer-lost', times: 1, path: '/v2/posting/fbs/cancel' });
    await ozon.scan();
    const answered = await eventually(async () => {
      const current = await view(requestId);
      return current.marketplace?.push !== 'sending' && current;
    }, 20_000);
    expect(answered.marketplace).toMatchObject({ push: 'accepted', externalState: 'CANCELLED', pushError: null });
    const cancels = ozon.sim.requests.filter(
      (r) =>
        r.path === '/v2/posting/fbs/cancel' &&
        (r.body as { posting_number?: string }).posting_number === order.posting_number,
    );
    expect(cancels.map((r) => r.status)).toEqual([0, 400]);
    await eventually(async () => {
      await ozon.scan();
      return (await refundOf(order.id))?.state === 'succeeded';
    }, 20_000);
  });
});
