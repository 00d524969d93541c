import { QueueName } from '@aftersale/contracts';
import { QueueWorkers } from '../../apps/worker/src/infrastructure/queue-workers.service';
import { as, eventually, ok } from './support/fixtures';
import { OzonSuite, startOzonSuite } from './support/ozon-fixtures';

/**
 * Refunds of Ozon orders are Ozon's to pay (docs/ozon.md#refunds-of-ozon-orders): the refund of an approved Ozon-born
 * cancellation succeeds once Ozon accepted the approval, is declined with Ozon's answer when Ozon refuses the push,
 * waits (processing) while the approval is on its way, and is never paid through the configured adapter.
 */
describe('refunds of Ozon orders', () => {
  let ozon: OzonSuite;
  const agent = () => as(ozon.stack, { token: ozon.shop.agent });

  async function openRequest() {
    const cancellation = [...ozon.account().cancellations.values()].filter((c) => c.state === 'ON_APPROVAL')[0];
    const [row] = await ozon.stack.dataSource.query(
      `SELECT id, order_id FROM cancellation_requests WHERE seller_id = $1 AND posting_number = $2 AND state = 'awaiting_seller'`,
      [ozon.shop.sellerId, cancellation.posting_number],
    );
    return { cancellation, id: row.id as string, orderId: row.order_id as string };
  }
  const refundOf = async (causeId: string) =>
    (
      (await ozon.stack.dataSource.query(
        `SELECT id, state, last_error, idempotency_key FROM refunds WHERE cause_id = $1`,
        [causeId],
      )) as { id: string; state: string; last_error: string | null; idempotency_key: string }[]
    )[0];
  const simulatorLedger = async (key: string) =>
    Number(
      (
        await ozon.stack.dataSource.query(`SELECT count(*) FROM simulated_payments WHERE idempotency_key = $1`, [key])
      )[0].count,
    );

  beforeAll(async () => {
    ozon = await startOzonSuite('refunds-suite-api-key');
    await ozon.sync();
  });
  afterAll(() => ozon.close());

  it('waits for Ozon while the approval is sending, then succeeds once Ozon accepted it — never paid by the simulator', async () => {
    const { cancellation, id } = await openRequest();
    ok(await agent().post(`/cancellations/${id}/approve`, { comment: 'out of stock' }));
    // the refund is tried at once; Ozon has not got the approval yet, so it waits, neither paid nor failed
    const waiting = await eventually(async () => {
      const refund = await refundOf(id);
      return refund?.state === 'processing' && refund;
    }, 20_000);
    expect(waiting.last_error).toBeNull();
    const pays = ozon.stack.payments.callsFor(waiting.idempotency_key).filter((c) => c.method === 'pay');
    expect(pays.every((c) => c.answer !== 'succeeded')).toBe(true);

    await ozon.scan(); // pushes the approval
    await eventually(async () => {
      await ozon.scan(); // and, once Ozon has it, runs the waiting refund again
      return (await refundOf(id)).state === 'succeeded';
    }, 20_000);
    expect(ozon.account().cancellations.get(cancellation.cancellation_id)?.state).toBe('APPROVED');
    expect(await simulatorLedger(waiting.idempotency_key)).toBe(0);
    const [order] = await ozon.stack.dataSource.query(`SELECT refunded_amount FROM orders WHERE id = $1`, [
      (await ozon.stack.dataSource.query(`SELECT order_id FROM refunds WHERE id = $1`, [waiting.id]))[0].order_id,
    ]);
    expect(Number(order.refunded_amount)).toBeGreaterThan(0);
  });

  it('is declined with Ozon’s answer when Ozon refuses the approval, and nothing is paid', async () => {
    const { cancellation, id } = await openRequest();
    // Ozon rejected it on its side meanwhile: our approval reaches Ozon too late and is refused
    ozon.sim.store.rejectCancellation(ozon.account(), cancellation.cancellation_id, 'rejected in Ozon’s console');
    ok(await agent().post(`/cancellations/${id}/approve`, { comment: 'out of stock' }));
    const declined = await eventually(async () => {
      await ozon.scan();
      const refund = await refundOf(id);
      return refund?.state === 'declined' && refund;
    }, 20_000);
    expect(declined.last_error).toMatch(/^Ozon refused the approval: /);
    expect(await simulatorLedger(declined.idempotency_key)).toBe(0);
    expect(ozon.stack.payments.callsFor(declined.idempotency_key).some((c) => c.answer === 'succeeded')).toBe(false);
  });

  it('keeps waiting, not declined, when Ozon refuses the key rather than the approval; a retry after it is fixed succeeds', async () => {
    const { cancellation, id } = await openRequest();
    ok(await agent().post(`/cancellations/${id}/approve`, { comment: 'out of stock' }));
    ozon.sim.faults.push({ kind: 'bad-credentials', times: 1, path: '/v2/conditional-cancellation/approve' });
    const failed = await eventually(async () => {
      await ozon.scan();
      const view = ok(await agent().get(`/cancellations/${id}`));
      return view.marketplace.push === 'failed' && view;
    }, 20_000);
    expect(failed.marketplace.pushError).toBeTruthy();
    await ozon.scan();
    expect((await refundOf(id)).state).toBe('processing');
    expect(ozon.account().cancellations.get(cancellation.cancellation_id)?.state).toBe('ON_APPROVAL');

    // the key works again (the seller reconnected): ops retry the failed push
    const queue = ozon.worker.get(QueueWorkers, { strict: false }).queue(QueueName.Marketplace);
    const [push] = (await queue.getJobs(['failed'])).filter((job) => job.data.localId === id);
    await push.retry();
    await eventually(async () => {
      await ozon.scan();
      return (await refundOf(id)).state === 'succeeded';
    }, 20_000);
    expect(ozon.account().cancellations.get(cancellation.cancellation_id)?.state).toBe('APPROVED');
  });
});
