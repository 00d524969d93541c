import { randomUUID } from 'node:crypto';
import { ReturnDeadlines } from '../../apps/worker/src/returns/expire-return-deadlines/return-deadlines.service';
import { loadServerConfig } from '@aftersale/server/messaging';
import {
  as,
  countRows,
  createOps,
  createTenant,
  DEADLINE_TIMER_WAIT_MS,
  eventually,
  expectProblem,
  listQuery,
  ok,
  orderBody,
  orderInStatus,
  rub,
  TenantFixture,
  trackingNumber,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * Every path of the return case's state machine (docs/rules.md#the-return-cases-state-machine), through HTTP on the real stack (api, worker,
 * PostgreSQL, Redis). Timers are fired through the worker's ReturnDeadlines with a `now` in the future.
 */

const DEFAULT_ADDRESS = 'Moscow, Returns st. 1'; // createTenant's default return address
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** timers fire this long after a deadline (docs/api.md "Deadlines and the clock") */
let GRACE = 0;
/** A real 1×1 PNG: the upload checks the bytes, not the claimed content type. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const tracking = trackingNumber;

describe('return case paths (docs/rules.md#the-return-cases-state-machine) through HTTP', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let channel: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let warehouse: ReturnType<typeof as>;
  let ops: ReturnType<typeof as>;
  let deadlines: ReturnDeadlines;

  beforeAll(async () => {
    stack = await startStack();
    GRACE = loadServerConfig().deadlineGraceMs;
    tenant = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    agent = as(stack, { token: tenant.agent });
    admin = as(stack, { token: tenant.admin });
    warehouse = as(stack, { token: tenant.warehouse });
    ops = as(stack, { token: await createOps(stack) });
    deadlines = stack.worker!.get(ReturnDeadlines);
  });
  afterAll(() => stack.close());

  type Line = { sku: string; name: string; quantity: number; unitPrice: { amount: number; currency: string } };
  const phoneCases = (quantity = 2): Line[] => [{ sku: 'SKU-1', name: 'Phone case', quantity, unitPrice: rub(50_000) }];

  async function deliveredOrder(lines: Line[] = phoneCases(), paid?: number): Promise<string> {
    const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amount, 0);
    return orderInStatus(stack, tenant, 'delivered', orderBody({ lines, paid: rub(paid ?? total) }));
  }

  async function openReturn(orderId: string, body: Record<string, unknown> = {}): Promise<any> {
    return ok(
      await channel.post('/returns', {
        orderId,
        type: 'buyer_return',
        lines: [{ sku: 'SKU-1', quantity: 1 }],
        reasonId: 'wrong-model',
        ...body,
      }),
      201,
    );
  }

  async function requested(body: Record<string, unknown> = {}): Promise<any> {
    return openReturn(await deliveredOrder(), body);
  }

  const getReturn = async (id: string) => ok(await agent.get(`/returns/${id}`));
  const getOrder = async (id: string) => ok(await agent.get(`/orders/${id}`));
  const approve = async (id: string, body: Record<string, unknown> = {}) =>
    ok(await agent.post(`/returns/${id}/approve`, body));
  const reject = async (id: string) =>
    ok(await agent.post(`/returns/${id}/reject`, { reasonId: 'return-window-passed' }));
  const ship = async (id: string, trackingNumber = tracking()) =>
    ok(await channel.post(`/returns/${id}/ship`, { trackingNumber }));
  const receive = async (code: string) => ok(await warehouse.post('/parcels/receive', { code }));

  async function received(
    body: Record<string, unknown> = {},
    approval: Record<string, unknown> = {},
  ): Promise<{ returnCase: any; orderId: string }> {
    const orderId = await deliveredOrder();
    const opened = await openReturn(orderId, body);
    await approve(opened.id, approval);
    const shipped = await ship(opened.id);
    const scan = await receive(shipped.trackingNumber);
    expect(scan.returnId).toBe(opened.id);
    return { returnCase: await getReturn(opened.id), orderId };
  }

  async function refundsOf(orderId: string): Promise<any[]> {
    return ok(await agent.get(`/refunds${listQuery({ filter: { orderId } })}`));
  }

  async function succeededRefunds(orderId: string, count: number): Promise<any[]> {
    return eventually(async () => {
      const list = await refundsOf(orderId);
      return list.length === count && list.every((r) => r.state === 'succeeded') && list;
    });
  }

  /** A photo for a defect claim: uploaded through POST /attachments; a row written directly only if the upload does not work. */
  async function photo(): Promise<string> {
    const upload = await stack.http
      .post('/api/v1/attachments')
      .set('X-Api-Key', tenant.channelKey)
      .attach('file', PNG, { filename: 'defect.png', contentType: 'image/png' });
    if (upload.status === 201) return upload.body.id;
    console.warn(
      `POST /attachments answered ${upload.status} ${JSON.stringify(upload.body)}; inserting an attachments row instead`,
    );
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO attachments (id, seller_id, file_name, content_type, size, storage_key, uploaded_by) VALUES ($1, $2, 'defect.png', 'image/png', $3, $4, $5)`,
      [id, tenant.sellerId, PNG.length, randomUUID(), JSON.stringify({ kind: 'channel', name: 'marketplace' })],
    );
    return id;
  }

  describe("the seller's decision", () => {
    it('a rejection takes a reason from the return-rejection catalogue; a reason that requires a comment refuses one without it (400 validation-failed)', async () => {
      const catalogue = ok(await channel.get(`/reasons${listQuery({ filter: { kind: 'return-rejection' } })}`));
      const byId = Object.fromEntries(catalogue.map((r: any) => [r.id, r]));
      expect(byId['signs-of-use'].isCommentRequired).toBe(true);
      expect(byId['return-window-passed'].isCommentRequired).toBe(false);

      const first = await requested();
      expectProblem(
        await agent.post(`/returns/${first.id}/reject`, { reasonId: 'signs-of-use' }),
        400,
        'validation-failed',
      );
      expectProblem(
        await agent.post(`/returns/${first.id}/reject`, { reasonId: 'signs-of-use', comment: '   ' }),
        400,
        'validation-failed',
      );
      // a reason of another catalogue is not a return rejection
      expectProblem(
        await agent.post(`/returns/${first.id}/reject`, { reasonId: 'already-packed', comment: 'packed' }),
        400,
        'validation-failed',
      );
      expect((await getReturn(first.id)).state).toBe('requested');

      const withComment = ok(
        await agent.post(`/returns/${first.id}/reject`, { reasonId: 'signs-of-use', comment: 'Scratches on the back' }),
      );
      expect(withComment).toMatchObject({
        state: 'rejected',
        rejectionReasonId: 'signs-of-use',
        rejectionComment: 'Scratches on the back',
      });

      const second = await requested();
      const rejected = ok(await agent.post(`/returns/${second.id}/reject`, { reasonId: 'return-window-passed' }));
      expect(rejected).toMatchObject({ state: 'rejected', rejectionReasonId: 'return-window-passed' });
      expect(new Date(rejected.disputeDeadlineAt).getTime() - new Date(rejected.rejectedAt).getTime()).toBe(5 * DAY_MS);
    });

    it('a rejection disputed within 5 days goes to arbitration; ops upholding it approves with the default return instructions and the return continues', async () => {
      const opened = await requested();
      await reject(opened.id);
      expectProblem(await channel.post(`/returns/${opened.id}/dispute`, {}), 400, 'validation-failed');
      const disputed = ok(await channel.post(`/returns/${opened.id}/dispute`, { comment: 'The box was never opened' }));
      expect(disputed.state).toBe('arbitration');

      const before = Date.now();
      const decided = ok(
        await ops.post(`/returns/${opened.id}/arbitrate`, {
          decision: 'approved',
          comment: 'Photos show an unopened box',
        }),
      );
      expect(decided).toMatchObject({
        state: 'approved',
        arbitrationDecision: 'approved',
        returnAddress: DEFAULT_ADDRESS,
        returnShippingPaidBy: 'buyer',
        returnShippingFee: rub(0),
      });
      // the seller's ship-by setting (14 days by default) from the decision
      expect(Math.abs(new Date(decided.shipBy).getTime() - (before + 14 * DAY_MS))).toBeLessThan(60_000);

      const shipped = await ship(opened.id);
      expect(shipped.state).toBe('in_transit');
      expect((await receive(shipped.trackingNumber)).returnId).toBe(opened.id);
      expect((await getReturn(opened.id)).state).toBe('received');
    });

    it('a rejected defect, upheld in arbitration, is approved with the seller paying the return shipping', async () => {
      const opened = await requested({ reasonId: 'not-as-described' });
      await reject(opened.id);
      ok(await channel.post(`/returns/${opened.id}/dispute`, { comment: 'It is not what the listing shows' }));
      const decided = ok(
        await ops.post(`/returns/${opened.id}/arbitrate`, {
          decision: 'approved',
          comment: 'Listing mismatch confirmed',
        }),
      );
      expect(decided).toMatchObject({
        state: 'approved',
        returnAddress: DEFAULT_ADDRESS,
        returnShippingPaidBy: 'seller',
      });
    });

    it('a rejection can no longer be disputed after 5 days (409 invalid-transition)', async () => {
      const opened = await requested();
      await reject(opened.id);
      // move the rejection 6 days into the past (the dispute command is checked against the time it is accepted)
      const sixDaysAgo = new Date(Date.now() - 6 * DAY_MS).toISOString();
      await stack.dataSource.query(
        `UPDATE return_cases SET snapshot = jsonb_set(snapshot, '{rejectedAt}', to_jsonb($2::text)) WHERE id = $1`,
        [opened.id, sixDaysAgo],
      );
      expectProblem(
        await channel.post(`/returns/${opened.id}/dispute`, { comment: 'Too late?' }),
        409,
        'invalid-transition',
      );
      expect((await getReturn(opened.id)).state).toBe('rejected');
    });

    it('ops rejecting the dispute closes the case', async () => {
      const opened = await requested();
      await reject(opened.id);
      ok(await channel.post(`/returns/${opened.id}/dispute`, { comment: 'Please reconsider' }));
      const decided = ok(
        await ops.post(`/returns/${opened.id}/arbitrate`, {
          decision: 'rejected',
          comment: 'The return period has indeed passed',
        }),
      );
      expect(decided).toMatchObject({
        state: 'closed',
        closeReason: 'arbitration_rejected',
        arbitrationDecision: 'rejected',
      });
      expectProblem(
        await channel.post(`/returns/${opened.id}/dispute`, { comment: 'Again' }),
        409,
        'invalid-transition',
      );
    });

    it('a return rejected after inspection, disputed and upheld by ops, is inspected again and may be refunded in full', async () => {
      const orderId = await deliveredOrder();
      const opened = await openReturn(orderId, { lines: [{ sku: 'SKU-1', quantity: 2 }] });
      await approve(opened.id);
      const shipped = await ship(opened.id);
      await receive(shipped.trackingNumber);
      const inspected = ok(
        await warehouse.post(`/returns/${opened.id}/inspect`, {
          lines: [{ sku: 'SKU-1', quantity: 2, outcome: 'used_or_damaged_by_buyer' }],
        }),
      );
      expect(inspected.suggestedRefund).toEqual(rub(0));
      expectProblem(
        await agent.post(`/returns/${opened.id}/reject-after-inspection`, { reasonId: 'signs-of-use' }),
        400,
        'validation-failed',
      );
      const rejected = ok(
        await agent.post(`/returns/${opened.id}/reject-after-inspection`, {
          reasonId: 'signs-of-use',
          comment: 'Worn for weeks',
        }),
      );
      expect(rejected.state).toBe('return_rejected');
      expectProblem(await agent.post(`/returns/${opened.id}/refund`, {}), 409, 'invalid-transition');

      ok(await channel.post(`/returns/${opened.id}/dispute`, { comment: 'They were new' }));
      const upheld = ok(
        await ops.post(`/returns/${opened.id}/arbitrate`, {
          decision: 'approved',
          comment: 'Inspection photos show no wear',
        }),
      );
      expect(upheld).toMatchObject({ state: 'inspected', suggestedRefund: rub(100_000) });
      // the overruled inspection cannot be used to reject again
      expectProblem(
        await agent.post(`/returns/${opened.id}/reject-after-inspection`, { reasonId: 'return-window-passed' }),
        409,
        'invalid-transition',
      );

      const refunded = ok(await agent.post(`/returns/${opened.id}/refund`, {}));
      expect(refunded).toMatchObject({ state: 'refunded', refunded: rub(100_000) });
      const [refund] = await succeededRefunds(orderId, 1);
      expect(refund).toMatchObject({ cause: { type: 'return', id: opened.id }, amount: rub(100_000) });
      expect(
        (
          await eventually(async () => {
            const o = await getOrder(orderId);
            return o.status === 'returned' && o;
          })
        ).status,
      ).toBe('returned');
    });
  });

  describe('compensation', () => {
    it('a compensation must be strictly below the share of its lines (422 compensation-too-high) and in the order currency (422 currency-mismatch)', async () => {
      const opened = await requested();
      expect(opened.linesAmount).toEqual(rub(50_000));
      expectProblem(
        await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(50_000) }),
        422,
        'compensation-too-high',
      );
      expectProblem(
        await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(50_001) }),
        422,
        'compensation-too-high',
      );
      expectProblem(
        await agent.post(`/returns/${opened.id}/compensate`, { amount: { amount: 100, currency: 'USD' } }),
        422,
        'currency-mismatch',
      );
      expect((await getReturn(opened.id)).compensationOffers).toEqual([]);
      const offered = ok(await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(49_999) }));
      expect(offered).toMatchObject({
        state: 'compensation_offered',
        compensationOffers: [{ amount: rub(49_999), state: 'offered' }],
      });
    });

    it('an accepted compensation ends compensated and is paid exactly once, as a refund with cause compensation:<offer id>; the goods stay', async () => {
      const orderId = await deliveredOrder();
      const opened = await openReturn(orderId);
      const offered = ok(await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(20_000) }));
      const offerId = offered.compensationOffers[0].id;
      // nothing is paid while the offer waits
      expect(await refundsOf(orderId)).toEqual([]);

      const accepted = ok(await channel.post(`/returns/${opened.id}/accept-compensation`));
      expect(accepted).toMatchObject({
        state: 'compensated',
        refunded: rub(20_000),
        compensationOffers: [{ id: offerId, state: 'accepted' }],
      });
      expectProblem(await channel.post(`/returns/${opened.id}/accept-compensation`), 409, 'invalid-transition');
      expectProblem(await channel.post(`/returns/${opened.id}/decline-compensation`), 409, 'invalid-transition');
      expectProblem(await agent.post(`/returns/${opened.id}/refund`, {}), 409, 'invalid-transition');

      const [refund] = await succeededRefunds(orderId, 1);
      expect(refund).toMatchObject({
        cause: { type: 'compensation', id: offerId },
        idempotencyKey: `compensation:${offerId}`,
        amount: rub(20_000),
      });
      expect(stack.payments.paymentsFor(`compensation:${offerId}`)).toBe(1);
      const order = await eventually(async () => {
        const o = await getOrder(orderId);
        return o.refunded.amount === 20_000 && o;
      });
      expect(order.status).toBe('delivered');
    });

    it('a declined compensation hands the case back to the seller; a third offer is 409 invalid-transition', async () => {
      const orderId = await deliveredOrder();
      const opened = await openReturn(orderId);
      const first = ok(await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(10_000) }));
      const declined = ok(await channel.post(`/returns/${opened.id}/decline-compensation`));
      expect(declined).toMatchObject({
        state: 'requested',
        compensationOffers: [{ id: first.compensationOffers[0].id, state: 'declined' }],
      });
      // the seller decides again, with a new decision window
      expect(new Date(declined.decisionDeadlineAt).getTime()).toBeGreaterThan(
        new Date(opened.decisionDeadlineAt).getTime(),
      );

      ok(await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(15_000) }));
      expect(ok(await channel.post(`/returns/${opened.id}/decline-compensation`)).state).toBe('requested');
      expectProblem(
        await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(20_000) }),
        409,
        'invalid-transition',
      );
      const current = await getReturn(opened.id);
      expect(current.state).toBe('requested');
      expect(current.compensationOffers.map((o: any) => o.state)).toEqual(['declined', 'declined']);
      expect(await refundsOf(orderId)).toEqual([]);
      expect((await approve(opened.id)).state).toBe('approved');
    });

    it('an offer left unanswered for 72 hours goes back to the seller (requested)', async () => {
      const opened = await requested();
      const offered = ok(await agent.post(`/returns/${opened.id}/compensate`, { amount: rub(10_000) }));
      const expiresAt = new Date(offered.compensationOffers[0].expiresAt).getTime();
      expect(expiresAt - new Date(offered.compensationOffers[0].offeredAt).getTime()).toBe(72 * HOUR_MS);
      expect(await deadlines.fire(opened.id, new Date(expiresAt + GRACE - 1000))).toBe(false);
      expect(await deadlines.fire(opened.id, new Date(expiresAt + GRACE + 1000))).toBe(true);
      const current = await getReturn(opened.id);
      expect(current).toMatchObject({ state: 'requested', compensationOffers: [{ state: 'expired' }] });
    });
  });

  describe('refund without return', () => {
    it('from requested and from approved the full share is refunded; the goods stay with the buyer and the order is not returned', async () => {
      const orderId = await deliveredOrder(phoneCases(2));
      const fromRequested = await openReturn(orderId);
      const fromApproved = await openReturn(orderId);
      await approve(fromApproved.id);

      const a = ok(await agent.post(`/returns/${fromRequested.id}/refund`, {}));
      expect(a).toMatchObject({ state: 'refunded', refunded: rub(50_000) });
      const b = ok(await agent.post(`/returns/${fromApproved.id}/refund`, {}));
      expect(b).toMatchObject({ state: 'refunded', refunded: rub(50_000) });
      expectProblem(await agent.post(`/returns/${fromApproved.id}/refund`, {}), 409, 'invalid-transition');

      const refunds = await succeededRefunds(orderId, 2);
      expect(refunds.map((r) => r.idempotencyKey).sort()).toEqual(
        [`return:${fromRequested.id}`, `return:${fromApproved.id}`].sort(),
      );
      const order = await eventually(async () => {
        const o = await getOrder(orderId);
        return o.refunded.amount === 100_000 && o;
      });
      // every unit is refunded, none came back: the order is not `returned`
      expect(order.status).toBe('delivered');
      // nothing is expected back: a scan of the posting number matches neither case
      const scan = await receive(order.postingNumber);
      expect(scan.returnId).toBeNull();
    });
  });

  describe('withdrawing and closing', () => {
    it('the buyer withdraws from requested, approved and compensation_offered (closed), not once the parcel is on its way', async () => {
      const fromRequested = await requested();
      const fromApproved = await requested();
      await approve(fromApproved.id);
      const fromOffer = await requested();
      ok(await agent.post(`/returns/${fromOffer.id}/compensate`, { amount: rub(1_000) }));

      for (const id of [fromRequested.id, fromApproved.id, fromOffer.id]) {
        expect(ok(await channel.post(`/returns/${id}/withdraw`))).toMatchObject({
          state: 'closed',
          closeReason: 'withdrawn',
        });
      }
      expect((await getReturn(fromOffer.id)).compensationOffers[0].state).toBe('cancelled');

      const onItsWay = await requested();
      await approve(onItsWay.id);
      await ship(onItsWay.id);
      expectProblem(await channel.post(`/returns/${onItsWay.id}/withdraw`), 409, 'invalid-transition');
      expect((await getReturn(onItsWay.id)).state).toBe('in_transit');
    });

    it('a seller admin (with a comment) or ops closes an open case; a seller agent gets 403; a rejection is closable only after its dispute window', async () => {
      const byAdmin = await requested();
      expectProblem(await agent.post(`/returns/${byAdmin.id}/close`, { comment: 'Agreed by phone' }), 403, 'forbidden');
      expect((await getReturn(byAdmin.id)).state).toBe('requested');
      expectProblem(await admin.post(`/returns/${byAdmin.id}/close`, {}), 400, 'validation-failed');
      expect(ok(await admin.post(`/returns/${byAdmin.id}/close`, { comment: 'Agreed by phone' }))).toMatchObject({
        state: 'closed',
        closeReason: 'closed',
      });

      const byOps = await requested();
      await approve(byOps.id);
      await ship(byOps.id);
      expect(
        ok(await ops.post(`/returns/${byOps.id}/close`, { comment: 'Parcel lost, settled outside' })),
      ).toMatchObject({ state: 'closed', closeReason: 'closed' });
      expectProblem(await ops.post(`/returns/${byOps.id}/close`, { comment: 'again' }), 409, 'invalid-transition');

      // documented in return-case.aggregate.ts: closing would take the buyer's dispute away
      const rejected = await requested();
      await reject(rejected.id);
      expectProblem(await admin.post(`/returns/${rejected.id}/close`, { comment: 'done' }), 409, 'invalid-transition');
      // six days later the buyer can no longer dispute it, and it no longer stays open for good
      await stack.dataSource.query(
        `UPDATE return_cases SET snapshot = jsonb_set(snapshot, '{rejectedAt}', to_jsonb($2::text)) WHERE id = $1`,
        [rejected.id, new Date(Date.now() - 6 * DAY_MS).toISOString()],
      );
      expect(ok(await admin.post(`/returns/${rejected.id}/close`, { comment: 'done' }))).toMatchObject({
        state: 'closed',
        closeReason: 'closed',
      });
    });
  });

  describe('deadlines', () => {
    it('an approved return not shipped by its ship-by date expires (closed); shipping after it is refused', async () => {
      // ship-by dates near enough to be past at the fired times below, far enough for the approvals (and the
      // in-time shipment) to be accepted before them on a loaded machine; nothing here waits for them
      const late = await requested();
      const shipBy = new Date(Date.now() + 10_000);
      expect((await approve(late.id, { shipBy: shipBy.toISOString() })).shipBy).toBe(shipBy.toISOString());
      expect(await deadlines.fire(late.id, new Date(shipBy.getTime() + GRACE - 1_000))).toBe(false);
      expect(await deadlines.fire(late.id, new Date(shipBy.getTime() + 60_000))).toBe(true);
      expect(await getReturn(late.id)).toMatchObject({ state: 'closed', closeReason: 'expired' });
      expectProblem(
        await channel.post(`/returns/${late.id}/ship`, { trackingNumber: tracking() }),
        409,
        'invalid-transition',
      );

      // shipped in time: the timer has nothing to do
      const inTime = await requested();
      await approve(inTime.id, { shipBy: new Date(Date.now() + 10_000).toISOString() });
      await ship(inTime.id);
      expect(await deadlines.fire(inTime.id, new Date(Date.now() + 60_000))).toBe(false);
      expect((await getReturn(inTime.id)).state).toBe('in_transit');
    });

    it("the seller's decision deadline auto-approves with the default instructions; the buyer pays the return shipping unless the reason is a defect", async () => {
      const changedMind = await requested({ reasonId: 'return-changed-mind' });
      const defectReason = await requested({ reasonId: 'faulty' });
      const defectClaim = await requested({
        type: 'defect_claim',
        reasonId: 'damaged-in-transit',
        attachmentIds: [await photo()],
      });
      const expected = [
        [changedMind, 'buyer'],
        [defectReason, 'seller'],
        [defectClaim, 'seller'],
      ] as const;
      for (const [opened, payer] of expected) {
        const deadlineAt = new Date(opened.decisionDeadlineAt).getTime();
        expect(deadlineAt - new Date(opened.createdAt).getTime()).toBe(72 * HOUR_MS);
        expect(await deadlines.fire(opened.id, new Date(deadlineAt + GRACE - 1_000))).toBe(false);
        expect(await deadlines.fire(opened.id, new Date(deadlineAt + GRACE + 1_000))).toBe(true);
        const approved = await getReturn(opened.id);
        expect({ id: opened.id, ...approved }).toMatchObject({
          id: opened.id,
          state: 'approved',
          decidedBy: 'deadline',
          returnAddress: DEFAULT_ADDRESS,
          returnShippingPaidBy: payer,
          returnShippingFee: rub(0),
        });
        expect(new Date(approved.shipBy).getTime()).toBe(deadlineAt + GRACE + 1_000 + 14 * DAY_MS);
        const timeline = ok(
          await agent.get(`/audit-events${listQuery({ filter: { caseType: 'return', caseId: opened.id } })}`),
        );
        expect(timeline.map((e: any) => e.type)).toEqual(['ReturnRequested', 'ReturnAutoApproved', 'MessagePosted']);
      }
    });

    it('returnDecisionDeadlineHours set through PUT /sellers/me/settings applies to requests opened after it, and the sweep auto-approves them', async () => {
      const other = await createTenant(stack);
      const otherAdmin = as(stack, { token: other.admin });
      expectProblem(
        await as(stack, { token: other.agent }).put('/sellers/me/settings', { returnDecisionDeadlineHours: 0.001 }),
        403,
        'forbidden',
      );
      expect(
        ok(await otherAdmin.put('/sellers/me/settings', { returnDecisionDeadlineHours: 0.001 }))
          .returnDecisionDeadlineHours,
      ).toBe(0.001);
      const orderId = await orderInStatus(stack, other, 'delivered');
      const opened = ok(
        await as(stack, { key: other.channelKey }).post('/returns', {
          orderId,
          type: 'buyer_return',
          lines: [{ sku: 'SKU-1', quantity: 1 }],
          reasonId: 'wrong-model',
        }),
        201,
      );
      expect(new Date(opened.decisionDeadlineAt).getTime() - new Date(opened.createdAt).getTime()).toBe(3_600);
      const approved = await eventually(async () => {
        const current = ok(await otherAdmin.get(`/returns/${opened.id}`));
        return current.state === 'approved' && current;
      }, DEADLINE_TIMER_WAIT_MS);
      expect(approved).toMatchObject({
        decidedBy: 'deadline',
        returnAddress: DEFAULT_ADDRESS,
        returnShippingPaidBy: 'buyer',
      });
      expectProblem(
        await as(stack, { token: other.agent }).post(`/returns/${opened.id}/reject`, {
          reasonId: 'return-window-passed',
        }),
        409,
        'invalid-transition',
      );
    });
  });

  describe('evidence', () => {
    it('a defect claim without a photo or video is 422 evidence-required; with one it opens, the photo named in lower case', async () => {
      const orderId = await deliveredOrder();
      const claim = { orderId, type: 'defect_claim', lines: [{ sku: 'SKU-1', quantity: 1 }], reasonId: 'faulty' };
      expectProblem(await channel.post('/returns', claim), 422, 'evidence-required');
      expectProblem(await channel.post('/returns', { ...claim, attachmentIds: [] }), 422, 'evidence-required');
      expect(ok(await agent.get(`/returns${listQuery({ filter: { orderId } })}`))).toEqual([]);
      const photoId = await photo();
      // named in upper case, the photo is stored as the upload names it (the sweep of unused uploads finds it so)
      const opened = ok(await channel.post('/returns', { ...claim, attachmentIds: [photoId.toUpperCase()] }), 201);
      expect(opened).toMatchObject({ type: 'defect_claim', state: 'requested', attachmentIds: [photoId] });
    });

    it("an inspection keeps a line's photos with its units and lists every photo on the case; another seller's photo on a line is 400 and nothing is written", async () => {
      const { returnCase } = await received({ lines: [{ sku: 'SKU-1', quantity: 2 }] });
      const upload = async (token: string): Promise<string> => {
        const response = await stack.http
          .post('/api/v1/attachments')
          .set('Authorization', `Bearer ${token}`)
          .attach('file', PNG, { filename: 'dent.png', contentType: 'image/png' });
        expect(response.status).toBe(201);
        return response.body.id;
      };
      const other = await createTenant(stack);
      const [dent, box, foreign] = [
        await upload(tenant.warehouse),
        await upload(tenant.warehouse),
        await upload(other.warehouse),
      ];
      const lines = (photosOfTheDent: string[]) => [
        { sku: 'SKU-1', quantity: 1, outcome: 'intact' },
        { sku: 'SKU-1', quantity: 1, outcome: 'damaged_in_transit', attachmentIds: photosOfTheDent },
      ];

      const refused = await warehouse.post(`/returns/${returnCase.id}/inspect`, { lines: lines([dent, foreign]) });
      expectProblem(refused, 400, 'validation-failed');
      expect(refused.body.errors).toEqual([
        { field: 'lines[1].attachmentIds', message: `${foreign} is not an attachment of this seller` },
      ]);
      expect(await getReturn(returnCase.id)).toMatchObject({ state: 'received', inspection: [] });

      // ids are stored as the uploads name them, whatever their case in the body
      const inspected = ok(
        await warehouse.post(`/returns/${returnCase.id}/inspect`, {
          lines: lines([dent.toUpperCase()]),
          attachmentIds: [box],
        }),
      );
      expect(inspected.inspection).toEqual([
        { sku: 'SKU-1', quantity: 1, outcome: 'intact', note: null, attachmentIds: [] },
        { sku: 'SKU-1', quantity: 1, outcome: 'damaged_in_transit', note: null, attachmentIds: [dent] },
      ]);
      expect(inspected.inspectionAttachmentIds).toEqual([box, dent]);
    });
  });

  describe('refused delivery', () => {
    it('refusing a shipped order makes it delivery_refused and opens a case already in_transit with all lines; the posting number scan receives it; inspect and refund → order returned', async () => {
      const lines: Line[] = [
        { sku: 'SKU-1', name: 'Phone case', quantity: 2, unitPrice: rub(50_000) },
        { sku: 'SKU-2', name: 'Charger', quantity: 1, unitPrice: rub(30_000) },
      ];
      const orderId = await orderInStatus(stack, tenant, 'shipped', orderBody({ lines, paid: rub(130_000) }));
      const parcelsBefore = await countRows(stack, `parcels WHERE seller_id = $1`, [tenant.sellerId]);
      const refused = ok(await channel.post(`/orders/${orderId}/refuse-delivery`));
      expect(refused.status).toBe('delivery_refused');
      const cases = ok(await agent.get(`/returns${listQuery({ filter: { orderId } })}`));
      expect(cases).toHaveLength(1);
      const [refusedCase] = cases;
      expect(refusedCase).toMatchObject({ type: 'refused_delivery', state: 'in_transit', linesAmount: rub(130_000) });
      expect(refusedCase.lines.map((l: any) => ({ sku: l.sku, quantity: l.quantity }))).toEqual([
        { sku: 'SKU-1', quantity: 2 },
        { sku: 'SKU-2', quantity: 1 },
      ]);
      // a delivered order cannot be refused at the door any more
      expectProblem(await channel.post(`/orders/${await deliveredOrder()}/refuse-delivery`), 409, 'invalid-transition');

      const scan = await receive(refused.postingNumber);
      expect(scan).toMatchObject({ returnId: refusedCase.id, alreadyReceived: false });
      // the posting number scanned again, now that no case waits for it: the same parcel, not a second unmatched one
      expect(await receive(refused.postingNumber)).toMatchObject({
        returnId: refusedCase.id,
        alreadyReceived: true,
        parcel: { id: scan.parcel.id },
      });
      expect(await countRows(stack, `parcels WHERE seller_id = $1`, [tenant.sellerId])).toBe(parcelsBefore + 1);
      const inspected = ok(
        await warehouse.post(`/returns/${refusedCase.id}/inspect`, {
          lines: [
            { sku: 'SKU-1', quantity: 2, outcome: 'intact' },
            { sku: 'SKU-2', quantity: 1, outcome: 'intact' },
          ],
        }),
      );
      expect(inspected.suggestedRefund).toEqual(rub(130_000));
      expect(ok(await agent.post(`/returns/${refusedCase.id}/refund`, {}))).toMatchObject({
        state: 'refunded',
        refunded: rub(130_000),
      });
      await succeededRefunds(orderId, 1);
      const order = await eventually(async () => {
        const o = await getOrder(orderId);
        return o.refunded.amount === 130_000 && o;
      });
      expect(order.status).toBe('returned');
    });
  });

  describe('receiving', () => {
    it('a code that matches nothing is kept as an unmatched parcel (listed with matched:false); the seller assigns it and the case is received', async () => {
      const opened = await requested();
      await approve(opened.id);
      const code = `UNKNOWN-${randomUUID().slice(0, 8)}`;
      const scan = ok(await warehouse.post('/parcels/receive', { code, condition: 'opened', note: 'No label' }));
      expect(scan).toMatchObject({
        returnId: null,
        alreadyReceived: false,
        parcel: { code, returnId: null, candidateReturnIds: [], condition: 'opened' },
      });
      const parcelId = scan.parcel.id;
      const unmatched = ok(await agent.get(`/parcels${listQuery({ filter: { matched: false } })}`));
      expect(unmatched.map((p: any) => p.id)).toContain(parcelId);
      expect(
        ok(await agent.get(`/parcels${listQuery({ filter: { matched: true } })}`)).map((p: any) => p.id),
      ).not.toContain(parcelId);
      // scanned again: nothing new, and it says so
      expect(ok(await warehouse.post('/parcels/receive', { code }))).toMatchObject({
        alreadyReceived: true,
        returnId: null,
        parcel: { id: parcelId },
      });
      expect(await countRows(stack, `parcels WHERE seller_id = $1 AND code = $2`, [tenant.sellerId, code])).toBe(1);

      const assigned = ok(await agent.post(`/parcels/${parcelId}/assign`, { returnId: opened.id }));
      expect(assigned).toMatchObject({ id: parcelId, returnId: opened.id, candidateReturnIds: [] });
      expect(await getReturn(opened.id)).toMatchObject({ state: 'received' });
      expect(
        ok(await agent.get(`/parcels${listQuery({ filter: { matched: true } })}`)).map((p: any) => p.id),
      ).toContain(parcelId);
      expectProblem(
        await agent.post(`/parcels/${parcelId}/assign`, { returnId: opened.id }),
        409,
        'invalid-transition',
      );
    });

    it("an order's parcels are listed by filter orderId: the parcel received for its return case, never another order's", async () => {
      const { returnCase, orderId } = await received();
      const parcels = (id: unknown) => agent.get(`/parcels${listQuery({ filter: { orderId: id } })}`);
      const listed = ok(await parcels(orderId));
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ returnId: returnCase.id });
      expect(ok(await parcels(await deliveredOrder()))).toEqual([]);
      expect(ok(await parcels('not-an-id'))).toEqual([]);
      expectProblem(await parcels(5), 400, 'validation-failed');
    });

    it('a posting number that matches two cases waiting for a parcel is kept unmatched with both as candidates', async () => {
      const orderId = await deliveredOrder(phoneCases(2));
      const first = await openReturn(orderId);
      const second = await openReturn(orderId);
      await approve(first.id);
      await approve(second.id);
      await ship(second.id);
      const { postingNumber } = await getOrder(orderId);
      const scan = ok(await warehouse.post('/parcels/receive', { code: postingNumber }));
      expect(scan.returnId).toBeNull();
      expect([...scan.parcel.candidateReturnIds].sort()).toEqual([first.id, second.id].sort());
      expect((await getReturn(first.id)).state).toBe('approved');
      expect((await getReturn(second.id)).state).toBe('in_transit');
      expect(ok(await agent.post(`/parcels/${scan.parcel.id}/assign`, { returnId: second.id })).returnId).toBe(
        second.id,
      );
      expect((await getReturn(second.id)).state).toBe('received');
    });

    it('condition, note and photos can be added to a parcel after the scan; photos are added, never replaced', async () => {
      const { returnCase } = await received();
      const [parcel] = ok(
        await agent.get(`/parcels${listQuery({ filter: { q: returnCase.trackingNumber.toLowerCase() } })}`),
      );
      expect(parcel).toMatchObject({ returnId: returnCase.id, condition: 'intact' });
      const firstPhoto = await photo();
      const updated = ok(
        await warehouse.post(`/parcels/${parcel.id}/condition`, {
          condition: 'damaged_packaging',
          note: 'Crushed corner',
          attachmentIds: [firstPhoto],
        }),
      );
      expect(updated).toMatchObject({
        id: parcel.id,
        condition: 'damaged_packaging',
        note: 'Crushed corner',
        attachmentIds: [firstPhoto],
      });
      const secondPhoto = await photo();
      ok(
        await warehouse.post(`/parcels/${parcel.id}/condition`, { condition: 'opened', attachmentIds: [secondPhoto] }),
      );
      expect(ok(await agent.get(`/parcels/${parcel.id}`))).toMatchObject({
        condition: 'opened',
        note: 'Crushed corner',
        attachmentIds: [firstPhoto, secondPhoto],
      });
      expectProblem(
        await warehouse.post(`/parcels/${parcel.id}/condition`, { condition: 'soaked' }),
        400,
        'validation-failed',
      );
    });
  });

  describe('quantities', () => {
    it('returned quantities never exceed what was ordered and not already returned, across cases of the same line', async () => {
      const orderId = await deliveredOrder([
        { sku: 'SKU-1', name: 'Phone case', quantity: 3, unitPrice: rub(50_000) },
        { sku: 'SKU-2', name: 'Charger', quantity: 1, unitPrice: rub(30_000) },
      ]);
      const base = { orderId, type: 'buyer_return', reasonId: 'wrong-model' };
      expectProblem(
        await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-1', quantity: 4 }] }),
        400,
        'validation-failed',
      );
      expectProblem(
        await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-9', quantity: 1 }] }),
        400,
        'validation-failed',
      );
      const first = ok(await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-1', quantity: 2 }] }), 201);
      expectProblem(
        await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-1', quantity: 2 }] }),
        400,
        'validation-failed',
      );
      const second = ok(
        await channel.post('/returns', {
          ...base,
          lines: [
            { sku: 'SKU-1', quantity: 1 },
            { sku: 'SKU-2', quantity: 1 },
          ],
        }),
        201,
      );
      expectProblem(
        await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-1', quantity: 1 }] }),
        400,
        'validation-failed',
      );
      expectProblem(
        await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-2', quantity: 1 }] }),
        400,
        'validation-failed',
      );
      // a refunded case keeps its units
      ok(await agent.post(`/returns/${second.id}/refund`, {}));
      expectProblem(
        await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-2', quantity: 1 }] }),
        400,
        'validation-failed',
      );
      // a rejected case keeps its units while the buyer may still dispute it (arbitration could reopen it) …
      await reject(first.id);
      expectProblem(
        await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-1', quantity: 2 }] }),
        400,
        'validation-failed',
      );
      // … and gives them back once the 5-day dispute window has passed
      const sixDaysAgo = new Date(Date.now() - 6 * DAY_MS).toISOString();
      await stack.dataSource.query(
        `UPDATE return_cases SET snapshot = jsonb_set(snapshot, '{rejectedAt}', to_jsonb($2::text)) WHERE id = $1`,
        [first.id, sixDaysAgo],
      );
      const third = ok(await channel.post('/returns', { ...base, lines: [{ sku: 'SKU-1', quantity: 2 }] }), 201);
      expect(third.state).toBe('requested');
      expect(ok(await agent.get(`/returns${listQuery({ filter: { orderId } })}`))).toHaveLength(3);
    });

    it('a return is opened only on a delivered order (409 invalid-transition)', async () => {
      const orderId = await orderInStatus(stack, tenant, 'shipped');
      expectProblem(
        await channel.post('/returns', {
          orderId,
          type: 'buyer_return',
          lines: [{ sku: 'SKU-1', quantity: 1 }],
          reasonId: 'wrong-model',
        }),
        409,
        'invalid-transition',
      );
    });
  });
});
