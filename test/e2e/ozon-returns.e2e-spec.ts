import type { OzonPath } from '@aftersale/server/ozon';
import type { SimReturn } from '../../apps/ozon-sim/src/sim-store';
import { ReturnDeadlines } from '../../apps/worker/src/returns/expire-return-deadlines/return-deadlines.service';
import { as, eventually, ok } from './support/fixtures';
import { OzonSuite, startOzonSuite } from './support/ozon-fixtures';

/**
 * rFBS returns from Ozon (docs/ozon.md#return-actions): the seller's decisions on a return case go to Ozon as
 * Ozon's actions (verify with the return method, reject with Ozon's rejection reason id, return-money, compensate)
 * through the marketplace queue; the case shows "sending to Ozon" until Ozon accepted them, a refused one stays
 * visible, the refund is Ozon's (paid once Ozon returned the money); Ozon's later states are reconciled onto the case.
 */
describe('rFBS returns with Ozon', () => {
  let ozon: OzonSuite;
  const agent = () => as(ozon.stack, { token: ozon.shop.agent });
  const db = () => ozon.stack.dataSource;

  /** the next return Ozon shows in group New, and our case for it */
  async function newReturn(): Promise<{ ozonReturn: SimReturn; id: string }> {
    const linked: string[] = (
      await db().query(`SELECT external_id FROM marketplace_links WHERE seller_id = $1 AND kind = 'return'`, [
        ozon.shop.sellerId,
      ])
    ).map((r: { external_id: string }) => r.external_id);
    const used = new Set(taken);
    const ozonReturn = [...ozon.account().returns.values()].find(
      (r) => r.state === 'New' && linked.includes(String(r.return_id)) && !used.has(r.return_id),
    )!;
    taken.push(ozonReturn.return_id);
    return { ozonReturn, id: await caseOf(ozonReturn) };
  }
  const taken: number[] = [];
  const caseOf = async (r: SimReturn) =>
    (
      await db().query(
        `SELECT local_id FROM marketplace_links WHERE seller_id = $1 AND kind = 'return' AND external_id = $2`,
        [ozon.shop.sellerId, String(r.return_id)],
      )
    )[0].local_id as string;
  /** a delivered posting of one product and the buyer's rFBS return of it, imported */
  async function freshReturn(price = '1500.00'): Promise<{ ozonReturn: SimReturn; id: string }> {
    const posting = ozon.sim.store.createPosting(ozon.account(), {
      status: 'delivered',
      products: [{ sku: 555, offer_id: 'OZ-FRESH', name: 'Товар', price, quantity: 1, currency_code: 'RUB' }],
    });
    const ozonReturn = ozon.sim.store.createReturn(ozon.account(), posting.posting_number, { reasonId: 12 });
    await ozon.sync();
    taken.push(ozonReturn.return_id);
    return { ozonReturn, id: await caseOf(ozonReturn) };
  }
  const view = async (id: string) => ok(await agent().get(`/returns/${id}`));
  const requestsTo = (path: string) => ozon.sim.requests.filter((r) => r.path === path && r.status === 200);
  const pushUntil = (id: string, push: string) =>
    eventually(async () => {
      await ozon.scan();
      const current = await view(id);
      return current.marketplace?.push === push && current;
    }, 20_000);
  const refundOf = async (causeId: string) =>
    (
      (await db().query(`SELECT id, state, last_error, idempotency_key FROM refunds WHERE cause_id = $1`, [
        causeId,
      ])) as { id: string; state: string; last_error: string | null; idempotency_key: string }[]
    )[0];

  beforeAll(async () => {
    ozon = await startOzonSuite('returns-suite-api-key');
    await ozon.sync();
  });
  afterAll(() => ozon.close());
  afterEach(() => {
    // every answer the simulator gave and every request the connector sent matches Ozon's document
    expect(ozon.sim.violations).toEqual([]);
    expect(ozon.sim.requests.flatMap((r) => ozon.sim.validator.request(r.path as OzonPath, r.body))).toEqual([]);
  });

  it('verifies an approved return on Ozon with the return method, shown as sending until Ozon accepted it', async () => {
    const { ozonReturn, id } = await newReturn();
    expect((await view(id)).marketplace).toMatchObject({
      marketplace: 'ozon',
      externalId: String(ozonReturn.return_id),
      externalState: 'New',
      push: null,
    });
    ok(await agent().post(`/returns/${id}/approve`, { returnAddress: 'Москва, ул. Складская, 1' }));
    const sending = await view(id);
    expect(sending.state).toBe('approved');
    expect(sending.marketplace).toMatchObject({ push: 'sending', externalState: 'New' });

    const accepted = await pushUntil(id, 'accepted');
    expect(accepted.marketplace).toMatchObject({ externalState: 'Delivering', pushError: null });
    expect(ozonReturn.state).toBe('Delivering');
    expect(ozonReturn.return_method_description).toContain('Москва, ул. Складская, 1');
    expect(requestsTo('/v2/returns/rfbs/verify').map((r) => r.body)).toEqual([
      expect.objectContaining({ return_id: ozonReturn.return_id }),
    ]);
  });

  it('pushes a decision once: scanning and importing again send nothing more', async () => {
    const before = ozon.sim.requests.filter((r) => r.path.startsWith('/v2/returns/rfbs/v')).length;
    await ozon.scan();
    await ozon.sync();
    await ozon.scan();
    expect(ozon.sim.requests.filter((r) => r.path.startsWith('/v2/returns/rfbs/v')).length).toBe(before);
  });

  it('does not send an action again that Ozon already has (an earlier attempt whose answer was lost)', async () => {
    const { ozonReturn, id } = await freshReturn();
    ok(await agent().post(`/returns/${id}/approve`, { returnAddress: 'Москва, ул. Складская, 1' }));
    // the verify reached Ozon, but its answer did not reach us
    ozon.sim.store.act(ozon.account(), ozonReturn.return_id, 1, { methodDescription: 'Москва, ул. Складская, 1' });
    const accepted = await pushUntil(id, 'accepted');
    expect(accepted.marketplace.externalState).toBe('Delivering');
    expect(
      requestsTo('/v2/returns/rfbs/verify').filter(
        (r) => (r.body as { return_id?: number }).return_id === ozonReturn.return_id,
      ),
    ).toEqual([]);
  });

  it('records an action Ozon took but whose answer was lost as accepted, though the client’s retry is refused', async () => {
    const { ozonReturn, id } = await freshReturn();
    ok(await agent().post(`/returns/${id}/approve`, { returnAddress: 'Москва, ул. Складская, 1' }));
    ozon.sim.faults.push({ kind: 'answer-lost', times: 1, path: '/v2/returns/rfbs/verify' });
    const accepted = await pushUntil(id, 'accepted');
    expect(accepted.marketplace).toMatchObject({ externalState: 'Delivering', pushError: null });
    expect(ozonReturn.state).toBe('Delivering');
    const verifies = ozon.sim.requests.filter(
      (r) =>
        r.path === '/v2/returns/rfbs/verify' && (r.body as { return_id?: number }).return_id === ozonReturn.return_id,
    );
    expect(verifies.map((r) => r.status)).toEqual([0, 400]);
  });

  it('rejects a return on Ozon with Ozon’s rejection reason id and the comment', async () => {
    const { ozonReturn, id } = await newReturn();
    ok(await agent().post(`/returns/${id}/reject`, { reasonId: 'signs-of-use', comment: 'следы носки на подошве' }));
    await pushUntil(id, 'accepted');
    expect(ozonReturn.state).toBe('Rejected');
    expect(requestsTo('/v2/returns/rfbs/reject').map((r) => r.body)).toEqual([
      { return_id: ozonReturn.return_id, rejection_reason_id: 1, comment: 'следы носки на подошве' },
    ]);
  });

  it('rejects with the reason Ozon lists for that return, whatever its id: Ozon documents no fixed ones', async () => {
    const { ozonReturn, id } = await freshReturn();
    ozonReturn.rejection_reasons = [
      { id: 57, name: 'Другое', hint: 'Опишите причину', is_comment_required: true },
      { id: 55, name: 'Есть следы использования товара', hint: '', is_comment_required: false },
    ];
    ok(await agent().post(`/returns/${id}/reject`, { reasonId: 'signs-of-use', comment: 'потёртости на корпусе' }));
    await pushUntil(id, 'accepted');
    expect(ozonReturn.state).toBe('Rejected');
    expect(requestsTo('/v2/returns/rfbs/reject').at(-1)?.body).toEqual({
      return_id: ozonReturn.return_id,
      rejection_reason_id: 55,
      comment: 'потёртости на корпусе',
    });
  });

  it('returns the money on Ozon for a refund without return; the refund succeeds once Ozon accepted it, never paid by the simulator', async () => {
    const { ozonReturn, id } = await newReturn();
    ok(await agent().post(`/returns/${id}/refund`, {}));
    const waiting = await eventually(async () => {
      const refund = await refundOf(id);
      return refund?.state === 'processing' && refund;
    }, 20_000);
    expect(waiting.last_error).toBeNull();
    await pushUntil(id, 'accepted');
    expect(ozonReturn).toMatchObject({ group_state: 'Approved', state: 'MoneyReturned' });
    expect(requestsTo('/v2/returns/rfbs/return-money').map((r) => r.body)).toEqual([
      { return_id: ozonReturn.return_id },
    ]);
    await eventually(async () => {
      await ozon.scan(); // runs the waiting refund again now that Ozon answered
      return (await refundOf(id)).state === 'succeeded';
    }, 20_000);
    const ledger = await db().query(`SELECT count(*) FROM simulated_payments WHERE idempotency_key = $1`, [
      waiting.idempotency_key,
    ]);
    expect(Number(ledger[0].count)).toBe(0);
  });

  it('shows a decision Ozon can no longer take (rejected on Ozon’s side meanwhile) as refused, and declines its refund', async () => {
    const { ozonReturn, id } = await freshReturn();
    // the seller rejected it in Ozon's own console meanwhile: our refund comes too late
    ozon.sim.store.act(ozon.account(), ozonReturn.return_id, 2, { rejectionReasonId: 2 });
    ok(await agent().post(`/returns/${id}/refund`, {}));
    const refused = await pushUntil(id, 'refused');
    expect(refused.state).toBe('refunded');
    expect(refused.marketplace.pushError).toContain('Rejected');
    const declined = await eventually(async () => {
      await ozon.scan();
      const refund = await refundOf(id);
      return refund?.state === 'declined' && refund;
    }, 20_000);
    expect(declined.last_error).toMatch(/^Ozon refused to return the money: /);
    const connection = ok(await agent().get('/marketplace/ozon'));
    expect(connection.lastError).toContain('Rejected');
  });

  it('hands a compensation offer Ozon refuses back to the seller with Ozon’s answer, and pushes the next decision', async () => {
    const { ozonReturn, id } = await freshReturn('1000.00');
    // our rules allow it; Ozon wants a compensation at least 1 RUB below the price
    ok(await agent().post(`/returns/${id}/compensate`, { amount: { amount: 99950, currency: 'RUB' } }));
    const handedBack = await eventually(async () => {
      await ozon.scan();
      const current = await view(id);
      return current.state === 'requested' && current;
    }, 20_000);
    expect(handedBack.compensationOffers.map((o: { state: string }) => o.state)).toEqual(['declined']);
    expect(requestsTo('/v2/returns/rfbs/compensate')).toEqual([]);
    const thread = ok(
      await agent().get(`/messages?filter=${encodeURIComponent(JSON.stringify({ caseType: 'return', caseId: id }))}`),
    ) as { body: string; author: { kind: string } }[];
    expect(thread.find((m) => m.author.kind === 'system')?.body).toMatch(
      /^Ozon refused the compensation offer \(.*1 RUB below the price.*\); the case is back with the seller\.$/,
    );
    const connection = ok(await as(ozon.stack, { token: ozon.shop.agent }).get('/marketplace/ozon'));
    expect(connection.lastError).toContain('1 RUB below the price');
    // the seller decides again: the approval is pushed as any other
    ok(await agent().post(`/returns/${id}/approve`, { returnAddress: 'Москва, ул. Складская, 1' }));
    await pushUntil(id, 'accepted');
    expect(ozonReturn.state).toBe('Delivering');
  });

  it('offers a compensation on Ozon; the buyer’s acceptance there is reconciled and its refund paid by Ozon', async () => {
    const { ozonReturn, id } = await freshReturn('1000.00');
    ok(await agent().post(`/returns/${id}/compensate`, { amount: { amount: 30000, currency: 'RUB' } }));
    await pushUntil(id, 'accepted');
    expect(ozonReturn.state).toBe('CompensationOffered');
    expect(requestsTo('/v2/returns/rfbs/compensate').map((r) => r.body)).toEqual([
      { return_id: ozonReturn.return_id, compensation_amount: '300.00' },
    ]);
    ozon.sim.store.answerCompensation(ozon.account(), ozonReturn.return_id, true);
    await ozon.sync();
    expect((await view(id)).state).toBe('compensated');
    const [offer] = (await view(id)).compensationOffers;
    await eventually(async () => {
      await ozon.scan();
      return (await refundOf(offer.id))?.state === 'succeeded';
    }, 20_000);
  });

  it('never expires a compensation offered on an Ozon return on our 72 h timer: Ozon’s state decides, its later acceptance is taken', async () => {
    const { ozonReturn, id } = await freshReturn('1000.00');
    ok(await agent().post(`/returns/${id}/compensate`, { amount: { amount: 25000, currency: 'RUB' } }));
    await pushUntil(id, 'accepted');
    expect(ozonReturn.state).toBe('CompensationOffered');
    const [offer] = (await view(id)).compensationOffers;
    expect(offer).toMatchObject({ state: 'offered', expiresAt: null });
    const [row] = await db().query(`SELECT next_deadline_at FROM return_cases WHERE id = $1`, [id]);
    expect(row.next_deadline_at).toBeNull();
    // four days on, our timer leaves the offer to Ozon, which still shows it open
    const fourDaysOn = new Date(Date.now() + 96 * 3_600_000);
    expect(await ozon.worker.get(ReturnDeadlines, { strict: false }).fire(id, fourDaysOn)).toBe(false);
    expect((await view(id)).state).toBe('compensation_offered');
    // the buyer accepts on Ozon: the case is compensated, the refund Ozon's
    ozon.sim.store.answerCompensation(ozon.account(), ozonReturn.return_id, true);
    await ozon.sync();
    const compensated = await view(id);
    expect(compensated.state).toBe('compensated');
    expect(compensated.compensationOffers[0].state).toBe('accepted');
    await eventually(async () => {
      await ozon.scan();
      return (await refundOf(offer.id))?.state === 'succeeded';
    }, 20_000);
  });

  it('reconciles a return verified, received and paid on Ozon’s side onto the case, without pushing it back', async () => {
    const { ozonReturn, id } = await freshReturn();
    const account = ozon.account();
    ozon.sim.store.act(account, ozonReturn.return_id, 1, { methodDescription: 'Почта России' });
    await ozon.sync();
    expect(await view(id)).toMatchObject({
      state: 'approved',
      marketplace: { externalState: 'Delivering', push: null },
    });
    ozon.sim.store.act(account, ozonReturn.return_id, 5, {});
    ozon.sim.store.act(account, ozonReturn.return_id, 3, {});
    await ozon.sync();
    const paid = await view(id);
    expect(paid).toMatchObject({ state: 'received', marketplace: { externalState: 'MoneyReturned', push: null } });
    await ozon.scan();
    // Ozon did it all: nothing of ours goes back
    const actions = ozon.sim.requests.filter(
      (r) =>
        /rfbs\/(verify|receive-return|return-money)$/.test(r.path) &&
        (r.body as { return_id?: number }).return_id === ozonReturn.return_id,
    );
    expect(actions).toEqual([]);
  });

  it('reconciles a rejection the buyer disputed and Ozon’s arbitration for the buyer: the case is refunded by Ozon', async () => {
    const { ozonReturn, id } = await freshReturn();
    ok(await agent().post(`/returns/${id}/reject`, { reasonId: 'return-window-passed' }));
    await pushUntil(id, 'accepted');
    expect(requestsTo('/v2/returns/rfbs/reject').at(-1)?.body).toEqual({
      return_id: ozonReturn.return_id,
      rejection_reason_id: 3,
      comment: 'Срок возврата истёк', // Ozon's "other" asks for a comment: our reason's wording
    });
    ozon.sim.store.dispute(ozon.account(), ozonReturn.return_id);
    await ozon.sync();
    expect((await view(id)).state).toBe('arbitration');
    ozon.sim.store.arbitrate(ozon.account(), ozonReturn.return_id, true);
    await ozon.sync();
    expect(await view(id)).toMatchObject({ state: 'refunded', marketplace: { externalState: 'ArbitrationApproved' } });
    await eventually(async () => {
      await ozon.scan();
      return (await refundOf(id))?.state === 'succeeded';
    }, 20_000);
  });

  it('the return-push scan reads only the links behind their case, and still finds a new decision', async () => {
    const behind = async () =>
      (
        await db().query(
          `SELECT local_id FROM marketplace_links WHERE seller_id = $1 AND kind = 'return'
              AND (matched_version IS NULL OR case_version <> matched_version)`,
          [ozon.shop.sellerId],
        )
      ).map((r: { local_id: string }) => r.local_id) as string[];
    // a scan matches every link with nothing to push: the next one reads none of them
    await eventually(async () => {
      await ozon.scan();
      return (await behind()).length === 0;
    }, 20_000);
    // an index holds exactly the links behind their case
    const plan = await db().transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      return (await m.query(
        `EXPLAIN SELECT local_id FROM marketplace_links
          WHERE kind = 'return' AND (matched_version IS NULL OR case_version <> matched_version)`,
      )) as { 'QUERY PLAN': string }[];
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('marketplace_links_return_behind');

    // a new return is behind until matched; the seller's decision on it puts it behind again and is pushed
    const { ozonReturn, id } = await freshReturn();
    expect(await behind()).toEqual([id]);
    await ozon.scan();
    expect(await behind()).toEqual([]);
    ok(await agent().post(`/returns/${id}/approve`, { returnAddress: 'Москва, ул. Складская, 1' }));
    expect(await behind()).toEqual([id]);
    await pushUntil(id, 'accepted');
    expect(ozonReturn.state).toBe('Delivering');
    await ozon.scan();
    expect(await behind()).toEqual([]);
  });

  it('changes nothing when the same account is imported again', async () => {
    const snapshot = async () => ({
      cases: await db().query(`SELECT id, state, version FROM return_cases WHERE seller_id = $1 ORDER BY id`, [
        ozon.shop.sellerId,
      ]),
      links: await db().query(
        `SELECT external_id, external_state, push_state FROM marketplace_links WHERE seller_id = $1 AND kind = 'return'
          ORDER BY external_id`,
        [ozon.shop.sellerId],
      ),
      audit: (await db().query(`SELECT count(*) FROM audit_events WHERE seller_id = $1`, [ozon.shop.sellerId]))[0]
        .count,
    });
    await ozon.sync();
    const before = await snapshot();
    await ozon.sync();
    expect(await snapshot()).toEqual(before);
  });
});
