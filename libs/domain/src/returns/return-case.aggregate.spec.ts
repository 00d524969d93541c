import { ActorRef } from '@aftersale/contracts';
import { ReturnCase } from './return-case.aggregate';
import { OpenReturnInput, ReturnableOrder, ReturnDefaults } from './return-case.types';

const rub = (amount: number) => ({ amount, currency: 'RUB' });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date('2025-03-01T10:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

const buyer: ActorRef = { kind: 'channel', id: 'seller-1', name: 'channel' };
const seller: ActorRef = { kind: 'user', id: 'user-1', name: 'Agent' };
const ops: ActorRef = { kind: 'user', id: 'ops-1', name: 'Ops' };

const order = (status: ReturnableOrder['status'] = 'delivered', paid = 2001): ReturnableOrder => ({
  id: 'order-1',
  sellerId: 'seller-1',
  postingNumber: '7731-0042',
  status,
  lines: [
    { sku: 'A', name: 'Kettle', quantity: 3, unitPrice: rub(333) },
    { sku: 'B', name: 'Lamp', quantity: 1, unitPrice: rub(1000) },
    { sku: 'C', name: 'Cable', quantity: 2, unitPrice: rub(1) },
  ],
  paid: rub(paid),
});

const defaults: ReturnDefaults = { returnAddress: 'Warehouse 1, Moscow', shipByDays: 7, returnShippingFee: rub(200) };
const wrongItem = { isDefect: false, isCommentRequired: false };
const defect = { isDefect: true, isCommentRequired: false };

function open(overrides: Partial<OpenReturnInput> = {}): ReturnCase {
  const input: OpenReturnInput = {
    id: 'ret-1',
    order: order(),
    type: 'buyer_return',
    lines: [{ sku: 'A', quantity: 2 }],
    reasonId: 'changed-mind',
    reason: wrongItem,
    decisionDeadlineHours: 72,
    ...overrides,
  };
  return ReturnCase.open(input, buyer, t0).returnCase;
}

function approved(overrides: Partial<OpenReturnInput> = {}): ReturnCase {
  const c = open(overrides);
  c.approve({ defaults }, seller, after(HOUR));
  return c;
}

function received(overrides: Partial<OpenReturnInput> = {}): ReturnCase {
  const c = approved(overrides);
  c.ship('TRK1', buyer, after(DAY));
  c.receive({}, seller, after(3 * DAY));
  return c;
}

function inspected(outcomes: [string, number, string][], overrides: Partial<OpenReturnInput> = {}): ReturnCase {
  const c = received(overrides);
  c.inspect(
    { lines: outcomes.map(([sku, quantity, outcome]) => ({ sku, quantity, outcome: outcome as never })) },
    seller,
    after(4 * DAY),
  );
  return c;
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (
      (e as { code: string; details: Record<string, unknown> }).code +
      ':' +
      String((e as { details: { currentState?: string } }).details.currentState ?? '')
    );
  }
  return 'no error';
};

describe('opening a return', () => {
  it('opens a buyer return as requested with a decision deadline and the share of its lines', () => {
    const { returnCase, events } = ReturnCase.open(
      {
        id: 'ret-1',
        order: order(),
        type: 'buyer_return',
        lines: [{ sku: 'A', quantity: 2 }],
        reasonId: 'r',
        reason: wrongItem,
        decisionDeadlineHours: 72,
      },
      buyer,
      t0,
    );
    expect(returnCase.state).toBe('requested');
    expect(returnCase.toSnapshot().decisionDeadlineAt).toEqual(after(72 * HOUR));
    expect(returnCase.lines).toEqual([{ sku: 'A', quantity: 2, amount: rub(666) }]);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ReturnRequested',
        aggregateType: 'return',
        from: null,
        to: 'requested',
        actor: buyer,
        at: t0,
      }),
    ]);
  });

  it('refuses a return of an order that is not delivered with invalid-transition and its status', () => {
    expect(code(() => open({ order: order('shipped') }))).toBe('invalid-transition:shipped');
  });

  it('refuses a defect claim without attachments with evidence-required', () => {
    expect(code(() => open({ type: 'defect_claim', reason: defect, attachmentIds: [] }))).toBe('evidence-required:');
    expect(open({ type: 'defect_claim', reason: defect, attachmentIds: ['photo-1'] }).state).toBe('requested');
  });

  it('keeps its evidence ids in lower case, each once, as the sweep of unused uploads finds them', () => {
    const photo = '0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B';
    const c = open({ type: 'defect_claim', reason: defect, attachmentIds: [photo, photo.toLowerCase(), 'Video-2'] });
    expect(c.toSnapshot().attachmentIds).toEqual([photo.toLowerCase(), 'video-2']);
  });

  it('refuses an unknown SKU, a zero quantity and a SKU listed twice with validation-failed', () => {
    expect(code(() => open({ lines: [{ sku: 'Z', quantity: 1 }] }))).toBe('validation-failed:');
    expect(code(() => open({ lines: [{ sku: 'A', quantity: 0 }] }))).toBe('validation-failed:');
    expect(
      code(() =>
        open({
          lines: [
            { sku: 'A', quantity: 1 },
            { sku: 'A', quantity: 1 },
          ],
        }),
      ),
    ).toBe('validation-failed:');
  });

  it('refuses more units than were ordered and not already returned with validation-failed', () => {
    expect(code(() => open({ lines: [{ sku: 'A', quantity: 4 }] }))).toBe('validation-failed:');
    expect(code(() => open({ lines: [{ sku: 'A', quantity: 2 }], alreadyReturned: [{ sku: 'A', quantity: 2 }] }))).toBe(
      'validation-failed:',
    );
    expect(
      open({ lines: [{ sku: 'A', quantity: 1 }], alreadyReturned: [{ sku: 'A', quantity: 2 }] }).lines[0].quantity,
    ).toBe(1);
  });

  it('prices a return of a discounted order pro rata, the units after those already returned', () => {
    const first = open({ order: order('delivered', 1500), lines: [{ sku: 'A', quantity: 2 }] });
    const last = open({
      order: order('delivered', 1500),
      lines: [{ sku: 'A', quantity: 1 }],
      alreadyReturned: [{ sku: 'A', quantity: 2 }],
    });
    expect(first.linesAmount).toEqual(rub(500));
    expect(last.linesAmount).toEqual(rub(249));
  });

  it('requires a comment when the reason says so', () => {
    expect(code(() => open({ reason: { isDefect: false, isCommentRequired: true }, comment: '  ' }))).toBe(
      'validation-failed:',
    );
  });

  it('opens a refused delivery already in transit with all lines and no approval', () => {
    const { returnCase, events } = ReturnCase.openRefusedDelivery({ id: 'ret-9', order: order('shipped') }, buyer, t0);
    expect(returnCase.state).toBe('in_transit');
    expect(returnCase.type).toBe('refused_delivery');
    expect(returnCase.linesAmount).toEqual(rub(2001));
    expect(returnCase.nextDeadline).toBeNull();
    expect(events[0]).toEqual(expect.objectContaining({ type: 'ReturnRequested', from: null, to: 'in_transit' }));
    expect(code(() => ReturnCase.openRefusedDelivery({ id: 'x', order: order('delivered') }, buyer, t0))).toBe(
      'invalid-transition:delivered',
    );
  });
});

describe('the seller decision', () => {
  it('approves with default instructions, the buyer paying the return shipping for a non-defect reason', () => {
    const c = open();
    const events = c.approve({ defaults }, seller, after(HOUR));
    expect(c.state).toBe('approved');
    expect(c.toSnapshot()).toEqual(
      expect.objectContaining({
        returnAddress: 'Warehouse 1, Moscow',
        returnShippingPaidBy: 'buyer',
        returnShippingFee: rub(200),
        shipBy: after(HOUR + 7 * DAY),
        decidedBy: 'user-1',
      }),
    );
    expect(events[0]).toEqual(
      expect.objectContaining({ type: 'ReturnApproved', from: 'requested', to: 'approved', actor: seller }),
    );
  });

  it('makes the seller pay the return shipping by default when the reason is a defect', () => {
    const c = open({ reason: defect });
    c.approve({ defaults }, seller, after(HOUR));
    expect(c.toSnapshot().returnShippingPaidBy).toBe('seller');
  });

  it('takes the instructions the seller gives over the defaults', () => {
    const c = open();
    const shipBy = after(3 * DAY);
    c.approve(
      { defaults, returnAddress: 'Shop, Kazan', returnShippingPaidBy: 'seller', returnShippingFee: rub(0), shipBy },
      seller,
      after(HOUR),
    );
    expect(c.toSnapshot()).toEqual(
      expect.objectContaining({
        returnAddress: 'Shop, Kazan',
        returnShippingPaidBy: 'seller',
        returnShippingFee: rub(0),
        shipBy,
      }),
    );
  });

  it('refuses an approval without any return address, and a fee in another currency', () => {
    expect(code(() => open().approve({ defaults: { ...defaults, returnAddress: null } }, seller, after(HOUR)))).toBe(
      'validation-failed:',
    );
    expect(
      code(() =>
        open().approve({ defaults, returnShippingFee: { amount: 100, currency: 'CNY' } }, seller, after(HOUR)),
      ),
    ).toBe('currency-mismatch:');
  });

  it('a default fee in another currency than the order stands in as zero in the order currency, by hand, at the deadline and in arbitration', () => {
    const inYuan: ReturnDefaults = { ...defaults, returnShippingFee: { amount: 1500, currency: 'CNY' } };
    const byHand = open();
    byHand.approve({ defaults: inYuan }, seller, after(HOUR));
    expect(byHand.toSnapshot().returnShippingFee).toEqual(rub(0));
    const byDeadline = open();
    expect(byDeadline.expireDecisionDeadline(after(73 * HOUR), inYuan)).toHaveLength(1);
    expect(byDeadline.toSnapshot()).toMatchObject({ state: 'approved', returnShippingFee: rub(0) });
    const disputed = open();
    disputed.reject({ reasonId: 'return-window-passed', reason: wrongItem }, seller, after(HOUR));
    disputed.dispute('It was in time', buyer, after(2 * HOUR));
    disputed.arbitrate({ decision: 'approved', comment: 'In time', defaults: inYuan }, ops, after(3 * HOUR));
    expect(disputed.toSnapshot()).toMatchObject({ state: 'approved', returnShippingFee: rub(0) });
  });

  it('a decision accepted before the deadline wins even if applied after it; one accepted after it is refused', () => {
    const c = open();
    expect(c.approve({ defaults }, seller, after(72 * HOUR)).length).toBe(1);
    expect(code(() => open().approve({ defaults }, seller, after(72 * HOUR + 1)))).toBe('invalid-transition:requested');
  });

  it('rejects with a reason from the catalogue; a comment where the reason requires one', () => {
    expect(
      code(() => open().reject({ reasonId: 'used', reason: { isCommentRequired: true } }, seller, after(HOUR))),
    ).toBe('validation-failed:');
    const c = open();
    const events = c.reject(
      { reasonId: 'used', reason: { isCommentRequired: true }, comment: 'Worn' },
      seller,
      after(HOUR),
    );
    expect(c.state).toBe('rejected');
    expect(c.toSnapshot()).toEqual(
      expect.objectContaining({ rejectionReasonId: 'used', rejectionComment: 'Worn', rejectedAt: after(HOUR) }),
    );
    expect(c.disputeDeadlineAt).toEqual(after(HOUR + 5 * DAY));
    expect(events[0]).toEqual(expect.objectContaining({ type: 'ReturnRejected', from: 'requested', to: 'rejected' }));
  });

  it('a second decision is refused with invalid-transition and the current state', () => {
    const c = approved();
    expect(code(() => c.approve({ defaults }, seller, after(2 * HOUR)))).toBe('invalid-transition:approved');
    expect(code(() => c.reject({ reasonId: 'x', reason: { isCommentRequired: false } }, seller, after(2 * HOUR)))).toBe(
      'invalid-transition:approved',
    );
  });
});

describe('the decision deadline', () => {
  it('auto-approves an undecided request with the default instructions when due', () => {
    const c = open({ type: 'defect_claim', reason: defect, attachmentIds: ['p'] });
    expect(c.expireDecisionDeadline(after(72 * HOUR - 1), defaults)).toEqual([]);
    const events = c.expireDecisionDeadline(after(72 * HOUR), defaults);
    expect(c.state).toBe('approved');
    expect(c.toSnapshot()).toEqual(
      expect.objectContaining({
        returnShippingPaidBy: 'seller',
        returnAddress: 'Warehouse 1, Moscow',
        decidedBy: 'deadline',
      }),
    );
    expect(events[0]).toEqual(
      expect.objectContaining({
        type: 'ReturnAutoApproved',
        from: 'requested',
        to: 'approved',
        actor: expect.objectContaining({ kind: 'deadline' }),
      }),
    );
  });

  it('gives way to a decision accepted in time and does nothing once decided', () => {
    const c = open();
    expect(c.expireDecisionDeadline(after(73 * HOUR), defaults, after(71 * HOUR))).toEqual([]);
    c.reject({ reasonId: 'x', reason: { isCommentRequired: false } }, seller, after(71 * HOUR));
    expect(c.expireDecisionDeadline(after(73 * HOUR), defaults)).toEqual([]);
    expect(c.state).toBe('rejected');
  });

  it('auto-approves even without a default address (buyer protection)', () => {
    const c = open();
    c.expireDecisionDeadline(after(72 * HOUR), { ...defaults, returnAddress: null });
    expect(c.state).toBe('approved');
    expect(c.toSnapshot().returnAddress).toBeNull();
  });
});

describe('compensation', () => {
  it('offers a compensation strictly below the share of the lines it settles', () => {
    const c = open();
    expect(code(() => c.offerCompensation({ offerId: 'o1', amount: rub(666) }, seller, after(HOUR)))).toBe(
      'compensation-too-high:',
    );
    const events = c.offerCompensation({ offerId: 'o1', amount: rub(665) }, seller, after(HOUR));
    expect(c.state).toBe('compensation_offered');
    expect(c.compensationOffers).toEqual([
      expect.objectContaining({
        id: 'o1',
        amount: rub(665),
        state: 'offered',
        expiresAt: after(73 * HOUR),
      }),
    ]);
    expect(events[0]).toEqual(
      expect.objectContaining({ type: 'CompensationOffered', from: 'requested', to: 'compensation_offered' }),
    );
  });

  it('refuses a compensation in another currency with currency-mismatch', () => {
    expect(
      code(() =>
        open().offerCompensation({ offerId: 'o1', amount: { amount: 1, currency: 'CNY' } }, seller, after(HOUR)),
      ),
    ).toBe('currency-mismatch:');
  });

  it('accepting settles the case as compensated and returns the offer to refund', () => {
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(300) }, seller, after(HOUR));
    const { events, offer } = c.acceptCompensation(buyer, after(2 * HOUR));
    expect(c.state).toBe('compensated');
    expect(c.isFinal).toBe(true);
    expect(offer).toEqual({ id: 'o1', amount: rub(300) });
    expect(c.refunded).toEqual(rub(300));
    expect(events[0]).toEqual(expect.objectContaining({ type: 'CompensationAccepted', to: 'compensated' }));
  });

  it('declining hands the case back to the seller with a new decision window', () => {
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(300) }, seller, after(HOUR));
    const events = c.declineCompensation(buyer, after(50 * HOUR));
    expect(c.state).toBe('requested');
    expect(c.toSnapshot().decisionDeadlineAt).toEqual(after(122 * HOUR));
    expect(c.compensationOffers[0].state).toBe('declined');
    expect(events[0].type).toBe('CompensationDeclined');
  });

  it('an offer unanswered for 72 h expires back to requested; not before', () => {
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(300) }, seller, after(HOUR));
    expect(c.expireCompensation(after(73 * HOUR - 1))).toEqual([]);
    expect(c.expireCompensation(after(74 * HOUR), after(72 * HOUR))).toEqual([]);
    const events = c.expireCompensation(after(73 * HOUR));
    expect(c.state).toBe('requested');
    expect(c.compensationOffers[0].state).toBe('expired');
    expect(events[0]).toEqual(
      expect.objectContaining({ type: 'CompensationExpired', from: 'compensation_offered', to: 'requested' }),
    );
    expect(code(() => c.acceptCompensation(buyer, after(74 * HOUR)))).toBe('invalid-transition:requested');
  });

  it('an answer accepted after the offer expired is refused', () => {
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(300) }, seller, after(HOUR));
    expect(code(() => c.acceptCompensation(buyer, after(73 * HOUR + 1)))).toBe(
      'invalid-transition:compensation_offered',
    );
  });

  it('an offer answered on the marketplace never expires on our timer; the marketplace’s later answer is taken', () => {
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(300), answeredOnMarketplace: true }, seller, after(HOUR));
    expect(c.compensationOffers[0].expiresAt).toBeNull();
    expect(c.nextDeadline).toBeNull();
    expect(c.expireCompensation(after(200 * HOUR))).toEqual([]);
    expect(c.state).toBe('compensation_offered');
    const { events } = c.acceptCompensation(buyer, after(200 * HOUR));
    expect(c.state).toBe('compensated');
    expect(events[0].type).toBe('CompensationAccepted');
  });

  it('allows at most two offers per case; a third is invalid-transition', () => {
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(300) }, seller, after(HOUR));
    c.declineCompensation(buyer, after(2 * HOUR));
    c.offerCompensation({ offerId: 'o2', amount: rub(400) }, seller, after(3 * HOUR));
    c.declineCompensation(buyer, after(4 * HOUR));
    expect(code(() => c.offerCompensation({ offerId: 'o3', amount: rub(500) }, seller, after(5 * HOUR)))).toBe(
      'invalid-transition:requested',
    );
  });
});

describe('the way back', () => {
  it('ships with a tracking number, is received, then inspected', () => {
    const c = approved();
    expect(c.ship('  TRK1 ', buyer, after(DAY))[0]).toEqual(
      expect.objectContaining({ type: 'ReturnShipped', from: 'approved', to: 'in_transit' }),
    );
    expect(c.trackingNumber).toBe('TRK1');
    expect(c.receive({ condition: 'damaged_packaging', parcelId: 'p1' }, seller, after(3 * DAY))[0]).toEqual(
      expect.objectContaining({
        type: 'ReturnReceived',
        from: 'in_transit',
        to: 'received',
        data: expect.objectContaining({ condition: 'damaged_packaging' }),
      }),
    );
    const events = c.inspect({ lines: [{ sku: 'A', quantity: 2, outcome: 'intact' }] }, seller, after(4 * DAY));
    expect(c.state).toBe('inspected');
    expect(events[0].type).toBe('ReturnInspected');
  });

  it('receives a parcel of an approved case whose tracking number was never registered', () => {
    const c = approved();
    c.receive({}, seller, after(DAY));
    expect(c.state).toBe('received');
  });

  it('refuses a shipment after the ship-by date, and an empty tracking number', () => {
    expect(code(() => approved().ship('TRK', buyer, after(HOUR + 7 * DAY + 1)))).toBe('invalid-transition:approved');
    expect(code(() => approved().ship(' ', buyer, after(DAY)))).toBe('validation-failed:');
  });

  it('expires an approved return not shipped by the ship-by date; a no-op before or once shipped', () => {
    const c = approved();
    expect(c.expire(after(HOUR + 7 * DAY))).toEqual([]);
    const events = c.expire(after(HOUR + 7 * DAY + 1));
    expect(c.state).toBe('closed');
    expect(c.toSnapshot().closeReason).toBe('expired');
    expect(events[0]).toEqual(expect.objectContaining({ type: 'ReturnExpired', from: 'approved', to: 'closed' }));
    const shipped = approved();
    shipped.ship('TRK', buyer, after(DAY));
    expect(shipped.expire(after(30 * DAY))).toEqual([]);
  });

  it('inspection quantities of a SKU must add up to what came back', () => {
    expect(
      code(() => received().inspect({ lines: [{ sku: 'A', quantity: 1, outcome: 'intact' }] }, seller, after(4 * DAY))),
    ).toBe('validation-failed:');
    expect(
      code(() =>
        received().inspect(
          {
            lines: [
              { sku: 'A', quantity: 2, outcome: 'intact' },
              { sku: 'B', quantity: 1, outcome: 'intact' },
            ],
          },
          seller,
          after(4 * DAY),
        ),
      ),
    ).toBe('validation-failed:');
    expect(
      code(() =>
        received().inspect({ lines: [{ sku: 'A', quantity: 2, outcome: 'lost' as never }] }, seller, after(4 * DAY)),
      ),
    ).toBe('validation-failed:');
  });

  it("keeps a line's photos with its units and lists every photo of the inspection on the case", () => {
    const c = received();
    c.inspect(
      {
        lines: [
          { sku: 'A', quantity: 1, outcome: 'intact' },
          { sku: 'A', quantity: 1, outcome: 'damaged_in_transit', attachmentIds: ['dent-1', 'DENT-2', 'dent-1'] },
        ],
        attachmentIds: ['Box', 'dent-2'],
      },
      seller,
      after(4 * DAY),
    );
    const { inspection, inspectionAttachmentIds } = c.toSnapshot();
    expect(inspection.map((line) => line.attachmentIds)).toEqual([[], ['dent-1', 'dent-2']]);
    expect(inspectionAttachmentIds).toEqual(['box', 'dent-2', 'dent-1']);
  });

  it('refuses inspecting a case that has not been received', () => {
    expect(
      code(() => approved().inspect({ lines: [{ sku: 'A', quantity: 2, outcome: 'intact' }] }, seller, after(DAY))),
    ).toBe('invalid-transition:approved');
  });
});

describe('refunds of a return', () => {
  it('suggests the share of intact, opened-unused and damaged-in-transit units minus the return shipping the buyer pays', () => {
    const c = inspected(
      [
        ['A', 1, 'intact'],
        ['A', 1, 'used_or_damaged_by_buyer'],
        ['B', 1, 'damaged_in_transit'],
        ['C', 2, 'wrong_item'],
      ],
      {
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 1 },
          { sku: 'C', quantity: 2 },
        ],
      },
    );
    expect(c.suggestedRefund).toEqual(rub(333 + 1000 - 200));
  });

  it('never suggests below zero', () => {
    const c = inspected([['C', 1, 'intact']], { lines: [{ sku: 'C', quantity: 1 }] });
    expect(c.suggestedRefund).toEqual(rub(0));
  });

  it('deducts no shipping the seller pays', () => {
    const c = inspected([['A', 2, 'opened_unused']], { reason: defect });
    expect(c.suggestedRefund).toEqual(rub(666));
  });

  it('splits a discounted line over its units without inventing kopecks', () => {
    const c = inspected(
      [
        ['A', 1, 'intact'],
        ['A', 2, 'missing_parts'],
      ],
      { order: order('delivered', 1500), lines: [{ sku: 'A', quantity: 3 }] },
    );
    expect(c.linesAmount).toEqual(rub(749));
    expect(c.suggestedRefund).toEqual(rub(250 - 200));
  });

  it('refunds the suggested amount when none is given; less than the lines ends partially_refunded', () => {
    const c = inspected([['A', 2, 'intact']]);
    const { events, amount } = c.refund(undefined, seller, after(5 * DAY));
    expect(amount).toEqual(rub(466));
    expect(c.state).toBe('partially_refunded');
    expect(c.refunded).toEqual(rub(466));
    expect(events[0]).toEqual(
      expect.objectContaining({
        type: 'ReturnRefunded',
        from: 'inspected',
        to: 'partially_refunded',
        data: expect.objectContaining({ cause: 'return:ret-1' }),
      }),
    );
  });

  it('refunds a chosen amount up to the share of all returned lines, then ends refunded', () => {
    const c = inspected([['A', 2, 'used_or_damaged_by_buyer']]);
    expect(code(() => c.refund(rub(667), seller, after(5 * DAY)))).toBe('refund-exceeds-paid:');
    expect(code(() => c.refund({ amount: 100, currency: 'CNY' }, seller, after(5 * DAY)))).toBe('currency-mismatch:');
    c.refund(rub(666), seller, after(5 * DAY));
    expect(c.state).toBe('refunded');
  });

  it('refuses refund {} when nothing is suggested', () => {
    expect(code(() => inspected([['A', 2, 'wrong_item']]).refund(undefined, seller, after(5 * DAY)))).toBe(
      'validation-failed:',
    );
  });

  it('refunds only once', () => {
    const c = inspected([['A', 2, 'intact']]);
    c.refund(undefined, seller, after(5 * DAY));
    expect(code(() => c.refund(undefined, seller, after(5 * DAY)))).toBe('invalid-transition:partially_refunded');
  });

  it('refunds without return the full share of the lines from requested or approved', () => {
    const c = open();
    const { amount } = c.refundWithoutReturn(undefined, seller, after(HOUR));
    expect(amount).toEqual(rub(666));
    expect(c.state).toBe('refunded');
    const partial = approved();
    partial.refundWithoutReturn(rub(100), seller, after(DAY));
    expect(partial.state).toBe('partially_refunded');
    const shipped = approved();
    shipped.ship('T', buyer, after(DAY));
    expect(code(() => shipped.refundWithoutReturn(undefined, seller, after(DAY)))).toBe(
      'invalid-transition:in_transit',
    );
  });

  it('a refused refund without return changes nothing, not even the decision', () => {
    const c = open();
    expect(code(() => c.refundWithoutReturn(rub(667), seller, after(HOUR)))).toBe('refund-exceeds-paid:');
    expect(c.toSnapshot()).toEqual(open().toSnapshot());
  });

  it('refuses a refund of a case not yet inspected', () => {
    expect(code(() => received().refund(undefined, seller, after(4 * DAY)))).toBe('invalid-transition:received');
  });
});

describe('disputes and arbitration', () => {
  const rejected = () => {
    const c = open();
    c.reject({ reasonId: 'x', reason: { isCommentRequired: false } }, seller, after(HOUR));
    return c;
  };

  it('a dispute within 5 days of the rejection goes to arbitration; later is refused', () => {
    expect(code(() => rejected().dispute('Not fair', buyer, after(HOUR + 5 * DAY + 1)))).toBe(
      'invalid-transition:rejected',
    );
    const c = rejected();
    const events = c.dispute('Not fair', buyer, after(HOUR + 5 * DAY));
    expect(c.state).toBe('arbitration');
    expect(c.disputeDeadlineAt).toBeNull();
    expect(events[0]).toEqual(expect.objectContaining({ type: 'ReturnDisputed', from: 'rejected', to: 'arbitration' }));
    expect(code(() => open().dispute('x', buyer, after(HOUR)))).toBe('invalid-transition:requested');
  });

  it('arbitration approving a rejected request approves it with the default instructions', () => {
    const c = rejected();
    c.dispute('Not fair', buyer, after(DAY));
    const events = c.arbitrate({ decision: 'approved', comment: 'Buyer is right', defaults }, ops, after(2 * DAY));
    expect(c.state).toBe('approved');
    expect(c.toSnapshot()).toEqual(
      expect.objectContaining({
        returnAddress: 'Warehouse 1, Moscow',
        returnShippingPaidBy: 'buyer',
        shipBy: after(9 * DAY),
        arbitrationFrom: 'rejected',
      }),
    );
    expect(events[0]).toEqual(
      expect.objectContaining({ type: 'ArbitrationDecided', from: 'arbitration', to: 'approved' }),
    );
  });

  it('arbitration approving a rejected inspection reopens the inspected case with a refund of the lines allowed', () => {
    const c = inspected([['A', 2, 'used_or_damaged_by_buyer']]);
    c.rejectAfterInspection({ reasonId: 'used', reason: { isCommentRequired: false } }, seller, after(5 * DAY));
    expect(c.state).toBe('return_rejected');
    c.dispute('It was new', buyer, after(6 * DAY));
    c.arbitrate({ decision: 'approved', comment: 'Photos show it new', defaults }, ops, after(7 * DAY));
    expect(c.state).toBe('inspected');
    expect(c.suggestedRefund).toEqual(rub(466));
    expect(
      code(() =>
        c.rejectAfterInspection({ reasonId: 'used', reason: { isCommentRequired: false } }, seller, after(8 * DAY)),
      ),
    ).toBe('invalid-transition:inspected');
    expect(c.refund(undefined, seller, after(8 * DAY)).amount).toEqual(rub(466));
  });

  it('a rejection is closable once its dispute window has passed, not while the buyer may still dispute it', () => {
    const c = rejected();
    expect(code(() => c.close('Nothing more to do', seller, after(HOUR + 5 * DAY)))).toBe(
      'invalid-transition:rejected',
    );
    expect(c.state).toBe('rejected');
    expect(c.close('Nothing more to do', seller, after(HOUR + 5 * DAY + 1))[0]).toEqual(
      expect.objectContaining({ type: 'ReturnClosed', from: 'rejected', to: 'closed' }),
    );
    expect(c.toSnapshot().closeReason).toBe('closed');
  });

  it('arbitration rejecting the dispute closes the case', () => {
    const c = rejected();
    c.dispute('Not fair', buyer, after(DAY));
    expect(code(() => c.arbitrate({ decision: 'rejected', comment: ' ', defaults }, ops, after(2 * DAY)))).toBe(
      'validation-failed:',
    );
    c.arbitrate({ decision: 'rejected', comment: 'Seller is right', defaults }, ops, after(2 * DAY));
    expect(c.state).toBe('closed');
    expect(c.toSnapshot().closeReason).toBe('arbitration_rejected');
  });
});

describe('withdrawing and closing', () => {
  it('the buyer withdraws from requested, approved or compensation_offered, cancelling an open offer', () => {
    expect(open().withdraw(buyer, after(HOUR))[0]).toEqual(
      expect.objectContaining({ type: 'ReturnWithdrawn', from: 'requested', to: 'closed' }),
    );
    const a = approved();
    a.withdraw(buyer, after(DAY));
    expect(a.toSnapshot().closeReason).toBe('withdrawn');
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(1) }, seller, after(HOUR));
    c.withdraw(buyer, after(2 * HOUR));
    expect(c.compensationOffers[0].state).toBe('cancelled');
    expect(c.nextDeadline).toBeNull();
    const shipped = approved();
    shipped.ship('T', buyer, after(DAY));
    expect(code(() => shipped.withdraw(buyer, after(DAY)))).toBe('invalid-transition:in_transit');
  });

  it('a seller admin or ops closes any open case with a comment', () => {
    const c = received();
    expect(code(() => c.close('', seller, after(4 * DAY)))).toBe('validation-failed:');
    expect(c.close('Parcel lost in the warehouse', seller, after(4 * DAY))[0]).toEqual(
      expect.objectContaining({ type: 'ReturnClosed', from: 'received', to: 'closed' }),
    );
  });

  it('final states refuse every command with invalid-transition', () => {
    const c = open();
    c.withdraw(buyer, after(HOUR));
    expect(c.isFinal).toBe(true);
    expect(code(() => c.close('again', seller, after(DAY)))).toBe('invalid-transition:closed');
    expect(code(() => c.approve({ defaults }, seller, after(DAY)))).toBe('invalid-transition:closed');
    expect(code(() => c.withdraw(buyer, after(DAY)))).toBe('invalid-transition:closed');
    expect(c.expire(after(30 * DAY))).toEqual([]);
    expect(c.expireDecisionDeadline(after(30 * DAY), defaults)).toEqual([]);
  });
});

describe('persistence', () => {
  it('survives a snapshot round trip unchanged and independent of the original', () => {
    const c = approved();
    const copy = ReturnCase.fromSnapshot(c.toSnapshot());
    copy.ship('T', buyer, after(DAY));
    expect(c.state).toBe('approved');
    expect(copy.state).toBe('in_transit');
    const restored = ReturnCase.fromSnapshot(c.toSnapshot());
    expect(restored.toSnapshot()).toEqual(c.toSnapshot());
    for (const derived of ['linesAmount', 'suggestedRefund', 'refunded', 'nextDeadline', 'disputeDeadlineAt'] as const)
      expect(restored[derived]).toEqual(c[derived]);
  });

  it('names the timer the case waits on', () => {
    expect(open().nextDeadline).toEqual({ kind: 'decision', at: after(72 * HOUR) });
    expect(approved().nextDeadline).toEqual({ kind: 'ship-by', at: after(HOUR + 7 * DAY) });
  });
});

describe("a case's units count against the order while it may still come back", () => {
  it('an open case holds its units, a closed one gives them back', () => {
    const c = open();
    expect(c.holdsUnitsAt(after(HOUR))).toBe(true);
    c.withdraw(buyer, after(HOUR));
    expect(c.holdsUnitsAt(after(2 * HOUR))).toBe(false);
  });

  it('a rejection keeps the units while it can be disputed (arbitration may reopen it), then gives them back', () => {
    const c = open();
    c.reject({ reasonId: 'return-window-passed', reason: { isCommentRequired: false } }, seller, after(HOUR));
    expect(c.holdsUnitsAt(after(HOUR + 4 * DAY))).toBe(true);
    expect(c.holdsUnitsAt(after(HOUR + 6 * DAY))).toBe(false);
  });
});
