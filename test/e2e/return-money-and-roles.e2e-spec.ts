import { randomUUID } from 'node:crypto';
import {
  Answer,
  as,
  countRows,
  createOps,
  createTenant,
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
 * The money rules of returns (docs/rules.md#money-and-pro-rata, #refunds-of-a-return-case, #refunds) on awkward numbers, the refund
 * invariants under concurrent requests, and who may do what with return cases and parcels (docs/api.md, the "who" column),
 * through HTTP on the real stack.
 */

type Response = Answer;
type Client = ReturnType<typeof as>;

const tracking = trackingNumber;

/**
 * The test's own largest-remainder split (independent of the application's): floor of each exact part, then
 * the minor units left over to the largest remainders, ties to the earlier part.
 */
function largestRemainder(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => total * w);
  const parts = exact.map((e) => Math.floor(e / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    parts[i] += 1;
  }
  return parts;
}

describe('return money, refund invariants and roles on the real stack', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let channel: Client;
  let agent: Client;
  let admin: Client;
  let warehouse: Client;
  let ops: Client;

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    agent = as(stack, { token: tenant.agent });
    admin = as(stack, { token: tenant.admin });
    warehouse = as(stack, { token: tenant.warehouse });
    ops = as(stack, { token: await createOps(stack) });
  });
  afterAll(() => stack.close());

  const getReturn = async (id: string) => ok(await agent.get(`/returns/${id}`));
  const getOrder = async (id: string) => ok(await agent.get(`/orders/${id}`));
  const refundsOf = async (orderId: string): Promise<any[]> =>
    ok(await agent.get(`/refunds${listQuery({ filter: { orderId }, range: [0, 99] })}`));

  describe('money on awkward numbers (paid less than the lines, not evenly divisible)', () => {
    // lines: A 3 × 333 = 999, B 1 × 1000 = 1000, C 2 × 1 = 2 — 2001 in all, 1500 paid
    const lines = [
      { sku: 'A', name: 'Cable', quantity: 3, unitPrice: rub(333) },
      { sku: 'B', name: 'Lamp', quantity: 1, unitPrice: rub(1000) },
      { sku: 'C', name: 'Sticker', quantity: 2, unitPrice: rub(1) },
    ];
    const PAID = 1500;
    // By hand: A 1500×999/2001 = 748 r 1752; B 1500×1000/2001 = 749 r 1251; C 1500×2/2001 = 1 r 999.
    // The floors make 1498; the 2 kopecks left go to the largest remainders, A and B: A 749, B 750, C 1 = 1500.
    const SHARE = { A: 749, B: 750, C: 1 };
    // Within a line, the earlier units carry the spare kopecks: A 749 = 250 + 250 + 249; C 1 = 1 + 0.
    const UNITS = { A: [250, 250, 249], B: [750], C: [1, 0] };

    const awkwardOrder = () => orderInStatus(stack, tenant, 'delivered', orderBody({ lines, paid: rub(PAID) }));

    it('the hand-computed shares are the largest-remainder split and add up exactly to what was paid', () => {
      expect(largestRemainder(PAID, [999, 1000, 2])).toEqual([SHARE.A, SHARE.B, SHARE.C]);
      expect(largestRemainder(SHARE.A, [1, 1, 1])).toEqual(UNITS.A);
      expect(largestRemainder(SHARE.C, [1, 1])).toEqual(UNITS.C);
      expect(SHARE.A + SHARE.B + SHARE.C).toBe(PAID);
    });

    it('each returned quantity is priced at its pro-rata share, cases of one line take its units in turn, and refunds without return add up exactly to what was paid', async () => {
      const orderId = await awkwardOrder();
      const open = async (caseLines: { sku: string; quantity: number }[]) =>
        ok(
          await channel.post('/returns', {
            orderId,
            type: 'buyer_return',
            lines: caseLines,
            reasonId: 'return-changed-mind',
          }),
          201,
        );
      const x = await open([{ sku: 'A', quantity: 1 }]);
      const y = await open([{ sku: 'A', quantity: 2 }]);
      const z = await open([
        { sku: 'B', quantity: 1 },
        { sku: 'C', quantity: 2 },
      ]);
      expect(x.lines).toEqual([{ sku: 'A', quantity: 1, amount: rub(UNITS.A[0]) }]);
      expect(y.lines).toEqual([{ sku: 'A', quantity: 2, amount: rub(UNITS.A[1] + UNITS.A[2]) }]);
      expect(z.lines).toEqual([
        { sku: 'B', quantity: 1, amount: rub(SHARE.B) },
        { sku: 'C', quantity: 2, amount: rub(SHARE.C) },
      ]);
      expect([x, y, z].map((c) => c.linesAmount.amount)).toEqual([250, 499, 751]);
      expect([x, y, z].map((c) => c.suggestedRefund.amount)).toEqual([250, 499, 751]);
      expect(x.linesAmount.amount + y.linesAmount.amount + z.linesAmount.amount).toBe(PAID);

      expect(ok(await agent.post(`/returns/${x.id}/refund`, {}))).toMatchObject({
        state: 'refunded',
        refunded: rub(250),
      });
      expectProblem(await agent.post(`/returns/${y.id}/refund`, { amount: rub(500) }), 422, 'refund-exceeds-paid');
      expectProblem(
        await agent.post(`/returns/${y.id}/refund`, { amount: { amount: 400, currency: 'CNY' } }),
        422,
        'currency-mismatch',
      );
      expect((await getReturn(y.id)).state).toBe('requested');
      expect(ok(await agent.post(`/returns/${y.id}/refund`, { amount: rub(400) }))).toMatchObject({
        state: 'partially_refunded',
        refunded: rub(400),
      });
      expect(ok(await agent.post(`/returns/${z.id}/refund`, {}))).toMatchObject({
        state: 'refunded',
        refunded: rub(751),
      });

      const refunds = await eventually(async () => {
        const list = await refundsOf(orderId);
        return list.length === 3 && list.every((r) => r.state === 'succeeded') && list;
      });
      expect(Object.fromEntries(refunds.map((r) => [r.cause.id, r.amount.amount]))).toEqual({
        [x.id]: 250,
        [y.id]: 400,
        [z.id]: 751,
      });
      const order = await eventually(async () => {
        const o = await getOrder(orderId);
        return o.refunded.amount === 1401 && o;
      });
      expect(order.status).toBe('delivered');
    });

    it("after mixed inspection outcomes the suggested refund is the share of the intact, opened-unused and damaged-in-transit units minus the buyer's shipping; over the share is 422, under it partially_refunded", async () => {
      const orderId = await awkwardOrder();
      const first = ok(
        await channel.post('/returns', {
          orderId,
          type: 'buyer_return',
          lines: [
            { sku: 'A', quantity: 3 },
            { sku: 'C', quantity: 1 },
          ],
          reasonId: 'wrong-model',
        }),
        201,
      );
      const second = ok(
        await channel.post('/returns', {
          orderId,
          type: 'buyer_return',
          lines: [
            { sku: 'B', quantity: 1 },
            { sku: 'C', quantity: 1 },
          ],
          reasonId: 'wrong-model',
        }),
        201,
      );
      // first: A 749 + C's first unit 1 = 750; second: B 750 + C's second unit 0 = 750
      expect(first.linesAmount).toEqual(rub(750));
      expect(second.linesAmount).toEqual(rub(750));

      ok(
        await agent.post(`/returns/${first.id}/approve`, { returnShippingPaidBy: 'buyer', returnShippingFee: rub(35) }),
      );
      ok(
        await agent.post(`/returns/${second.id}/approve`, {
          returnShippingPaidBy: 'seller',
          returnShippingFee: rub(35),
        }),
      );
      for (const id of [first.id, second.id]) {
        const shipped = ok(await channel.post(`/returns/${id}/ship`, { trackingNumber: tracking() }));
        expect(ok(await warehouse.post('/parcels/receive', { code: shipped.trackingNumber })).returnId).toBe(id);
      }
      expectProblem(await agent.post(`/returns/${first.id}/refund`, {}), 409, 'invalid-transition');
      // the quantities of a SKU must add up to what came back
      expectProblem(
        await warehouse.post(`/returns/${first.id}/inspect`, {
          lines: [
            { sku: 'A', quantity: 2, outcome: 'intact' },
            { sku: 'C', quantity: 1, outcome: 'intact' },
          ],
        }),
        400,
        'validation-failed',
      );

      const inspectedFirst = ok(
        await warehouse.post(`/returns/${first.id}/inspect`, {
          lines: [
            { sku: 'A', quantity: 1, outcome: 'intact' },
            { sku: 'A', quantity: 1, outcome: 'damaged_in_transit' },
            { sku: 'A', quantity: 1, outcome: 'used_or_damaged_by_buyer', note: 'scuffed' },
            { sku: 'C', quantity: 1, outcome: 'used_or_damaged_by_buyer' },
          ],
        }),
      );
      // 2 refundable units of A's 749 over 3 units (250, 250, 249; refundable units first) = 500; C none; minus 35 the buyer pays
      expect(inspectedFirst.suggestedRefund).toEqual(rub(UNITS.A[0] + UNITS.A[1] - 35));
      expect(inspectedFirst.suggestedRefund).toEqual(rub(465));
      const inspectedSecond = ok(
        await warehouse.post(`/returns/${second.id}/inspect`, {
          lines: [
            { sku: 'B', quantity: 1, outcome: 'damaged_in_transit' },
            { sku: 'C', quantity: 1, outcome: 'intact' },
          ],
        }),
      );
      // the seller pays this shipping: nothing is deducted
      expect(inspectedSecond.suggestedRefund).toEqual(rub(750));

      expectProblem(await agent.post(`/returns/${first.id}/refund`, { amount: rub(751) }), 422, 'refund-exceeds-paid');
      expectProblem(
        await agent.post(`/returns/${first.id}/refund`, { amount: { amount: 600, currency: 'USD' } }),
        422,
        'currency-mismatch',
      );
      // a chosen amount above the suggested one but within the share
      expect(ok(await agent.post(`/returns/${first.id}/refund`, { amount: rub(600) }))).toMatchObject({
        state: 'partially_refunded',
        refunded: rub(600),
      });
      expect(ok(await agent.post(`/returns/${second.id}/refund`, {}))).toMatchObject({
        state: 'refunded',
        refunded: rub(750),
      });

      const refunds = await eventually(async () => {
        const list = await refundsOf(orderId);
        return list.length === 2 && list.every((r) => r.state === 'succeeded') && list;
      });
      expect(refunds.map((r) => r.amount.amount).sort((a, b) => a - b)).toEqual([600, 750]);
      const order = await eventually(async () => {
        const o = await getOrder(orderId);
        return o.refunded.amount === 1350 && o;
      });
      // every unit came back and each case is settled
      expect(order.status).toBe('returned');
    });

    it('the suggested refund never goes below zero; a zero suggestion needs a chosen amount', async () => {
      const orderId = await orderInStatus(
        stack,
        tenant,
        'delivered',
        orderBody({ lines: [{ sku: 'D', name: 'Eraser', quantity: 1, unitPrice: rub(10) }], paid: rub(10) }),
      );
      const opened = ok(
        await channel.post('/returns', {
          orderId,
          type: 'buyer_return',
          lines: [{ sku: 'D', quantity: 1 }],
          reasonId: 'wrong-model',
        }),
        201,
      );
      ok(
        await agent.post(`/returns/${opened.id}/approve`, {
          returnShippingPaidBy: 'buyer',
          returnShippingFee: rub(35),
        }),
      );
      const shipped = ok(await channel.post(`/returns/${opened.id}/ship`, { trackingNumber: tracking() }));
      ok(await warehouse.post('/parcels/receive', { code: shipped.trackingNumber }));
      const inspected = ok(
        await warehouse.post(`/returns/${opened.id}/inspect`, {
          lines: [{ sku: 'D', quantity: 1, outcome: 'intact' }],
        }),
      );
      expect(inspected.suggestedRefund).toEqual(rub(0));
      expectProblem(await agent.post(`/returns/${opened.id}/refund`, {}), 400, 'validation-failed');
      expect(ok(await agent.post(`/returns/${opened.id}/refund`, { amount: rub(10) }))).toMatchObject({
        state: 'refunded',
        refunded: rub(10),
      });
    });
  });

  describe('refund invariants under concurrency', () => {
    /** The final answer of a command: a 202 is followed to its command record. */
    async function outcome(client: Client, response: Response): Promise<{ status: number; code?: string; body: any }> {
      if (response.status !== 202) return { status: response.status, code: response.body?.code, body: response.body };
      const id = response.body.id;
      const done = await eventually(async () => {
        const c = ok(await client.get(`/commands/${id}`));
        return c.state !== 'accepted' && c;
      });
      return done.state === 'succeeded'
        ? { status: 200, body: done.result }
        : { status: done.problem.status, code: done.problem.code, body: done.problem };
    }

    it('concurrent refunds and compensation acceptances never add up to more than was paid; the losers get 422 refund-exceeds-paid or 409, and no cause is paid twice', async () => {
      const PAID = 100_000;
      const orderId = await orderInStatus(
        stack,
        tenant,
        'delivered',
        orderBody({ lines: [{ sku: 'E', name: 'Kettle', quantity: 4, unitPrice: rub(25_000) }], paid: rub(PAID) }),
      );
      const open = async (quantity: number) =>
        ok(
          await channel.post('/returns', {
            orderId,
            type: 'buyer_return',
            lines: [{ sku: 'E', quantity }],
            reasonId: 'wrong-model',
          }),
          201,
        );
      // An earlier refund already holds 40k of what was paid (recorded straight in the ledger), so the cases'
      // claims below (20k + 22k + 20k + 24k = 86k) cannot all fit in the 60k left.
      const EARLIER = 40_000;
      const earlierCause = randomUUID();
      await stack.dataSource.query(
        `INSERT INTO refunds (id, seller_id, order_id, cause_type, cause_id, amount, currency, state, attempts, idempotency_key, created_at, updated_at, completed_at)
         VALUES ($1, $2, $3, 'return', $4, $5, 'RUB', 'succeeded', 1, $6, now(), now(), now())`,
        [randomUUID(), tenant.sellerId, orderId, earlierCause, EARLIER, `return:${earlierCause}`],
      );
      const r1 = await open(1);
      const r2 = await open(1);
      const c1 = await open(1);
      const c2 = await open(1);
      ok(await agent.post(`/returns/${r1.id}/approve`, {}));
      ok(await agent.post(`/returns/${r2.id}/approve`, {}));
      ok(await agent.post(`/returns/${c1.id}/compensate`, { amount: rub(20_000) }));
      ok(await agent.post(`/returns/${c2.id}/compensate`, { amount: rub(24_000) }));

      // 86k asked for, each twice (a double click), against the 60k left of what was paid
      const attempts: { label: string; send: () => Promise<Response> }[] = [];
      for (let i = 0; i < 2; i++) {
        attempts.push({
          label: 'refund r1',
          send: () => agent.post(`/returns/${r1.id}/refund`, { amount: rub(20_000) }),
        });
        attempts.push({
          label: 'refund r2',
          send: () => admin.post(`/returns/${r2.id}/refund`, { amount: rub(22_000) }),
        });
        attempts.push({ label: 'accept c1', send: () => channel.post(`/returns/${c1.id}/accept-compensation`) });
        attempts.push({ label: 'accept c2', send: () => channel.post(`/returns/${c2.id}/accept-compensation`) });
      }
      const responses = await Promise.all(attempts.map((a) => a.send()));
      const results = await Promise.all(
        responses.map(async (response, i) => ({
          label: attempts[i].label,
          ...(await outcome(i % 4 === 2 || i % 4 === 3 ? channel : i % 4 === 0 ? agent : admin, response)),
        })),
      );

      for (const r of results) {
        expect([200, 409, 422]).toContain(r.status);
        if (r.status === 422) expect(r).toMatchObject({ code: 'refund-exceeds-paid' });
        if (r.status === 409) expect(r).toMatchObject({ code: 'invalid-transition' });
      }
      // a double click never succeeds twice
      for (const label of ['refund r1', 'refund r2', 'accept c1', 'accept c2']) {
        expect(results.filter((r) => r.label === label && r.status === 200).length).toBeLessThanOrEqual(1);
      }
      const winners = results.filter((r) => r.status === 200);
      expect(winners.length).toBeGreaterThan(0);

      const rows: { cause_type: string; cause_id: string; amount: string; state: string; idempotency_key: string }[] =
        await stack.dataSource.query(
          `SELECT cause_type, cause_id, amount, state, idempotency_key FROM refunds WHERE order_id = $1 AND cause_id <> $2`,
          [orderId, earlierCause],
        );
      const held =
        EARLIER +
        rows
          .filter((r) => ['pending', 'processing', 'succeeded', 'failed'].includes(r.state))
          .reduce((sum, r) => sum + Number(r.amount), 0);
      expect(held).toBeLessThanOrEqual(PAID);
      expect(rows).toHaveLength(winners.length);
      expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);

      // each case either settled with its one refund, or stayed where it was (nothing half-done)
      const offerIds = { [c1.id]: c1, [c2.id]: c2 };
      const expectedAmount: Record<string, number> = {
        [r1.id]: 20_000,
        [r2.id]: 22_000,
        [c1.id]: 20_000,
        [c2.id]: 24_000,
      };
      for (const id of [r1.id, r2.id, c1.id, c2.id]) {
        const current = await getReturn(id);
        const offerId = offerIds[id] ? current.compensationOffers[0].id : null;
        const key = offerId ? `compensation:${offerId}` : `return:${id}`;
        const row = rows.find((r) => r.idempotency_key === key);
        if (row) {
          expect({ id, state: current.state, refunded: current.refunded.amount, amount: Number(row.amount) }).toEqual({
            id,
            state: offerId ? 'compensated' : 'partially_refunded',
            refunded: expectedAmount[id],
            amount: expectedAmount[id],
          });
        } else {
          expect({ id, state: current.state, refunded: current.refunded.amount }).toEqual({
            id,
            state: offerId ? 'compensation_offered' : 'approved',
            refunded: 0,
          });
        }
      }

      // paid out once per cause, and the api's list agrees with the database
      const paidOut = await eventually(async () => {
        const list = (await refundsOf(orderId)).filter((r) => r.idempotencyKey !== `return:${earlierCause}`);
        return list.length === rows.length && list.every((r) => r.state === 'succeeded') && list;
      });
      expect(paidOut.reduce((sum, r) => sum + r.amount.amount, 0)).toBe(held - EARLIER);
      for (const row of rows) {
        expect(stack.payments.paymentsFor(row.idempotency_key)).toBe(1);
      }
      const order = await eventually(async () => {
        const o = await getOrder(orderId);
        return o.refunded.amount === held - EARLIER && o;
      });
      expect(order.refunded.amount).toBeLessThanOrEqual(PAID);

      // what is left is refundable up to exactly what was paid, not a kopeck more
      let total = held;
      for (const [id, amount] of [
        [r1.id, 20_000],
        [r2.id, 22_000],
      ] as const) {
        if ((await getReturn(id)).state !== 'approved') continue;
        const response = await agent.post(`/returns/${id}/refund`, { amount: rub(amount) });
        if (total + amount <= PAID) {
          expect(response.status).toBe(200);
          total += amount;
        } else {
          expectProblem(response, 422, 'refund-exceeds-paid');
        }
      }
      const [{ sum }] = await stack.dataSource.query(
        `SELECT COALESCE(SUM(amount), 0)::bigint AS sum FROM refunds WHERE order_id = $1 AND state <> 'voided'`,
        [orderId],
      );
      expect(Number(sum)).toBe(total);
      expect(total).toBeLessThanOrEqual(PAID);
    });

    it('the same refund clicked several times at once with one Idempotency-Key is done and paid once', async () => {
      const orderId = await orderInStatus(stack, tenant, 'delivered');
      const opened = ok(
        await channel.post('/returns', {
          orderId,
          type: 'buyer_return',
          lines: [{ sku: 'SKU-1', quantity: 2 }],
          reasonId: 'wrong-model',
        }),
        201,
      );
      const key = `refund-${randomUUID()}`;
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => agent.post(`/returns/${opened.id}/refund`, {}, { 'Idempotency-Key': key })),
      );
      for (const response of responses)
        expect(ok(response)).toMatchObject({ id: opened.id, state: 'refunded', refunded: rub(100_000) });
      expectProblem(
        await agent.post(`/returns/${opened.id}/refund`, { amount: rub(1) }, { 'Idempotency-Key': key }),
        422,
        'idempotency-key-reused',
      );
      const [refund] = await eventually(async () => {
        const list = await refundsOf(orderId);
        return list.length === 1 && list[0].state === 'succeeded' && list;
      });
      expect(refund.idempotencyKey).toBe(`return:${opened.id}`);
      expect(await countRows(stack, `refunds WHERE order_id = $1`, [orderId])).toBe(1);
      expect(stack.payments.paymentsFor(`return:${opened.id}`)).toBe(1);
    });
  });

  describe("roles (docs/api.md's who column) and tenancy for return cases and parcels", () => {
    type Role = 'seller_admin' | 'seller_agent' | 'warehouse' | 'ops' | 'channel';
    const ROLES: Role[] = ['seller_admin', 'seller_agent', 'warehouse', 'ops', 'channel'];
    const DECIDERS: Role[] = ['seller_admin', 'seller_agent'];
    let bigOrderId: string;

    const who = (role: Role): Client => ({ seller_admin: admin, seller_agent: agent, warehouse, ops, channel })[role];

    beforeAll(async () => {
      // one order with plenty of units: each case below returns one of them
      bigOrderId = await orderInStatus(
        stack,
        tenant,
        'delivered',
        orderBody({
          lines: [{ sku: 'R', name: 'Mug', quantity: 300, unitPrice: rub(1_000) }],
          paid: rub(300_000),
        }),
      );
    });

    type State =
      | 'requested'
      | 'approved'
      | 'in_transit'
      | 'received'
      | 'inspected'
      | 'rejected'
      | 'arbitration'
      | 'compensation_offered';

    async function caseIn(state: State): Promise<{ id: string; trackingNumber: string | null }> {
      const { id } = ok(
        await channel.post('/returns', {
          orderId: bigOrderId,
          type: 'buyer_return',
          lines: [{ sku: 'R', quantity: 1 }],
          reasonId: 'wrong-model',
        }),
        201,
      );
      if (state === 'requested') return { id, trackingNumber: null };
      if (state === 'rejected' || state === 'arbitration') {
        ok(await agent.post(`/returns/${id}/reject`, { reasonId: 'return-window-passed' }));
        if (state === 'arbitration') ok(await channel.post(`/returns/${id}/dispute`, { comment: 'Please look again' }));
        return { id, trackingNumber: null };
      }
      if (state === 'compensation_offered') {
        ok(await agent.post(`/returns/${id}/compensate`, { amount: rub(500) }));
        return { id, trackingNumber: null };
      }
      ok(await agent.post(`/returns/${id}/approve`, {}));
      if (state === 'approved') return { id, trackingNumber: null };
      const trackingNumber = tracking();
      ok(await channel.post(`/returns/${id}/ship`, { trackingNumber }));
      if (state === 'in_transit') return { id, trackingNumber };
      expect(ok(await warehouse.post('/parcels/receive', { code: trackingNumber })).returnId).toBe(id);
      if (state === 'received') return { id, trackingNumber };
      ok(await warehouse.post(`/returns/${id}/inspect`, { lines: [{ sku: 'R', quantity: 1, outcome: 'intact' }] }));
      return { id, trackingNumber };
    }

    async function unmatchedParcel(): Promise<string> {
      const scan = ok(await warehouse.post('/parcels/receive', { code: `NOLABEL-${randomUUID().slice(0, 8)}` }));
      expect(scan.returnId).toBeNull();
      return scan.parcel.id;
    }

    const COMMANDS: { verb: string; from: State; body?: () => object; allowed: Role[]; to: string }[] = [
      { verb: 'approve', from: 'requested', allowed: DECIDERS, to: 'approved' },
      {
        verb: 'reject',
        from: 'requested',
        body: () => ({ reasonId: 'return-window-passed' }),
        allowed: DECIDERS,
        to: 'rejected',
      },
      {
        verb: 'compensate',
        from: 'requested',
        body: () => ({ amount: rub(300) }),
        allowed: DECIDERS,
        to: 'compensation_offered',
      },
      { verb: 'accept-compensation', from: 'compensation_offered', allowed: ['channel'], to: 'compensated' },
      { verb: 'decline-compensation', from: 'compensation_offered', allowed: ['channel'], to: 'requested' },
      {
        verb: 'ship',
        from: 'approved',
        body: () => ({ trackingNumber: tracking() }),
        allowed: ['channel'],
        to: 'in_transit',
      },
      {
        verb: 'inspect',
        from: 'received',
        body: () => ({ lines: [{ sku: 'R', quantity: 1, outcome: 'intact' }] }),
        allowed: ['warehouse', ...DECIDERS],
        to: 'inspected',
      },
      {
        verb: 'reject-after-inspection',
        from: 'inspected',
        body: () => ({ reasonId: 'return-window-passed' }),
        allowed: DECIDERS,
        to: 'return_rejected',
      },
      { verb: 'refund', from: 'inspected', body: () => ({}), allowed: DECIDERS, to: 'refunded' },
      { verb: 'refund', from: 'requested', body: () => ({}), allowed: DECIDERS, to: 'refunded' },
      { verb: 'withdraw', from: 'requested', allowed: ['channel'], to: 'closed' },
      {
        verb: 'dispute',
        from: 'rejected',
        body: () => ({ comment: 'I disagree' }),
        allowed: ['channel'],
        to: 'arbitration',
      },
      {
        verb: 'arbitrate',
        from: 'arbitration',
        body: () => ({ decision: 'approved', comment: 'The buyer is right' }),
        allowed: ['ops'],
        to: 'approved',
      },
      {
        verb: 'close',
        from: 'requested',
        body: () => ({ comment: 'Settled by phone' }),
        allowed: ['seller_admin', 'ops'],
        to: 'closed',
      },
      {
        verb: 'close',
        from: 'in_transit',
        body: () => ({ comment: 'Parcel lost' }),
        allowed: ['seller_admin', 'ops'],
        to: 'closed',
      },
    ];

    for (const command of COMMANDS) {
      const refused = ROLES.filter((r) => !command.allowed.includes(r));
      it(`POST /returns/:id/${command.verb} (${command.from}): ${command.allowed.join(', ')} may; ${refused.join(', ')} get 403 and change nothing`, async () => {
        const target = await caseIn(command.from);
        for (const role of refused) {
          const response = await who(role).post(`/returns/${target.id}/${command.verb}`, command.body?.());
          expect({ role, status: response.status, code: response.body?.code }).toEqual({
            role,
            status: 403,
            code: 'forbidden',
          });
        }
        expect((await getReturn(target.id)).state).toBe(command.from);
        for (const [i, role] of command.allowed.entries()) {
          const { id } = i === 0 ? target : await caseIn(command.from);
          const response = await who(role).post(`/returns/${id}/${command.verb}`, command.body?.());
          expect({ role, status: response.status, state: response.body?.state }).toEqual({
            role,
            status: 200,
            state: command.to,
          });
        }
      });
    }

    it('POST /returns: only the channel opens a return; seller users, warehouse and ops get 403', async () => {
      const body = {
        orderId: bigOrderId,
        type: 'buyer_return',
        lines: [{ sku: 'R', quantity: 1 }],
        reasonId: 'wrong-model',
      };
      const before = await countRows(stack, `return_cases WHERE order_id = $1`, [bigOrderId]);
      for (const role of ['seller_admin', 'seller_agent', 'warehouse', 'ops'] as Role[]) {
        expect({ role, status: (await who(role).post('/returns', body)).status }).toEqual({ role, status: 403 });
      }
      expect(await countRows(stack, `return_cases WHERE order_id = $1`, [bigOrderId])).toBe(before);
      expect(ok(await channel.post('/returns', body), 201).state).toBe('requested');
    });

    it('GET /returns and /returns/:id: seller roles, warehouse, ops and the channel read; GET /parcels and /parcels/:id: not the channel (403)', async () => {
      const { id, trackingNumber } = await caseIn('received');
      const [parcel] = ok(await agent.get(`/parcels${listQuery({ filter: { q: trackingNumber!.toLowerCase() } })}`));
      expect(parcel.returnId).toBe(id);
      for (const role of ROLES) {
        expect({ role, status: (await who(role).get(`/returns/${id}`)).status }).toEqual({ role, status: 200 });
        const list = await who(role).get(`/returns${listQuery({ filter: { id: [id] } })}`);
        expect({ role, status: list.status, ids: list.body.map?.((r: any) => r.id) }).toEqual({
          role,
          status: 200,
          ids: [id],
        });
      }
      for (const role of ['seller_admin', 'seller_agent', 'warehouse', 'ops'] as Role[]) {
        expect({ role, status: (await who(role).get(`/parcels/${parcel.id}`)).status }).toEqual({ role, status: 200 });
        expect({ role, status: (await who(role).get('/parcels')).status }).toEqual({ role, status: 200 });
      }
      expectProblem(await channel.get(`/parcels/${parcel.id}`), 403, 'forbidden');
      expectProblem(await channel.get('/parcels'), 403, 'forbidden');
    });

    it('POST /parcels/receive: warehouse, seller_admin, seller_agent scan; channel and ops get 403 and nothing is received', async () => {
      const refusedCase = await caseIn('in_transit');
      for (const role of ['channel', 'ops'] as Role[]) {
        expectProblem(await who(role).post('/parcels/receive', { code: refusedCase.trackingNumber }), 403, 'forbidden');
      }
      expect((await getReturn(refusedCase.id)).state).toBe('in_transit');
      expect(await countRows(stack, `parcels WHERE return_id = $1`, [refusedCase.id])).toBe(0);
      for (const role of ['warehouse', 'seller_admin', 'seller_agent'] as Role[]) {
        const { id, trackingNumber } = role === 'warehouse' ? refusedCase : await caseIn('in_transit');
        const scan = await who(role).post('/parcels/receive', { code: trackingNumber });
        expect({ role, status: scan.status, returnId: scan.body.returnId }).toEqual({
          role,
          status: 200,
          returnId: id,
        });
        expect((await getReturn(id)).state).toBe('received');
      }
    });

    it('POST /parcels/:id/condition: warehouse, seller_admin, seller_agent; channel and ops get 403', async () => {
      const parcelId = await unmatchedParcel();
      for (const role of ['channel', 'ops'] as Role[]) {
        expectProblem(
          await who(role).post(`/parcels/${parcelId}/condition`, { condition: 'opened' }),
          403,
          'forbidden',
        );
      }
      expect(ok(await agent.get(`/parcels/${parcelId}`)).condition).toBe('intact');
      const conditions = { warehouse: 'damaged_packaging', seller_admin: 'opened', seller_agent: 'intact' } as const;
      for (const [role, condition] of Object.entries(conditions) as [Role, string][]) {
        const response = await who(role).post(`/parcels/${parcelId}/condition`, {
          condition,
          note: `checked by ${role}`,
        });
        expect({ role, status: response.status, condition: response.body.condition }).toEqual({
          role,
          status: 200,
          condition,
        });
      }
    });

    it('POST /parcels/:id/assign: seller_admin and seller_agent; warehouse, channel and ops get 403', async () => {
      const parcelId = await unmatchedParcel();
      const target = await caseIn('approved');
      for (const role of ['warehouse', 'channel', 'ops'] as Role[]) {
        expectProblem(await who(role).post(`/parcels/${parcelId}/assign`, { returnId: target.id }), 403, 'forbidden');
      }
      expect((await getReturn(target.id)).state).toBe('approved');
      for (const role of DECIDERS) {
        const parcel = role === 'seller_admin' ? parcelId : await unmatchedParcel();
        const returnId = role === 'seller_admin' ? target.id : (await caseIn('approved')).id;
        const response = await who(role).post(`/parcels/${parcel}/assign`, { returnId });
        expect({ role, status: response.status, returnId: response.body.returnId }).toEqual({
          role,
          status: 200,
          returnId,
        });
        expect((await getReturn(returnId)).state).toBe('received');
      }
    });

    describe('another seller', () => {
      let other: TenantFixture;
      let mine: {
        requested: string;
        approved: string;
        inTransit: { id: string; trackingNumber: string };
        received: string;
        rejected: string;
        offered: string;
        parcel: string;
        unmatched: string;
      };

      beforeAll(async () => {
        other = await createTenant(stack);
        const received = await caseIn('received');
        const [parcel] = ok(
          await agent.get(`/parcels${listQuery({ filter: { q: received.trackingNumber!.toLowerCase() } })}`),
        );
        const inTransit = await caseIn('in_transit');
        mine = {
          requested: (await caseIn('requested')).id,
          approved: (await caseIn('approved')).id,
          inTransit: { id: inTransit.id, trackingNumber: inTransit.trackingNumber! },
          received: received.id,
          rejected: (await caseIn('rejected')).id,
          offered: (await caseIn('compensation_offered')).id,
          parcel: parcel.id,
          unmatched: await unmatchedParcel(),
        };
      });

      it("another seller's return cases and parcels are 404 by id, for reads and for every command, and nothing changes", async () => {
        const theirs = {
          admin: as(stack, { token: other.admin }),
          agent: as(stack, { token: other.agent }),
          warehouse: as(stack, { token: other.warehouse }),
          channel: as(stack, { key: other.channelKey }),
        };
        const notFound = (response: Response, what: string) =>
          expect({ what, status: response.status, code: response.body?.code }).toEqual({
            what,
            status: 404,
            code: 'not-found',
          });

        for (const [name, client] of Object.entries(theirs))
          notFound(await client.get(`/returns/${mine.requested}`), `${name} GET /returns/:id`);
        for (const [name, client] of Object.entries(theirs).filter(([n]) => n !== 'channel'))
          notFound(await client.get(`/parcels/${mine.parcel}`), `${name} GET /parcels/:id`);

        const theirUnmatched = ok(
          await theirs.warehouse.post('/parcels/receive', { code: `THEIRS-${randomUUID().slice(0, 8)}` }),
        ).parcel.id;
        const attempts: [string, Promise<Response>][] = [
          ['approve', theirs.agent.post(`/returns/${mine.requested}/approve`, {})],
          ['reject', theirs.agent.post(`/returns/${mine.requested}/reject`, { reasonId: 'return-window-passed' })],
          ['compensate', theirs.admin.post(`/returns/${mine.requested}/compensate`, { amount: rub(100) })],
          ['refund', theirs.agent.post(`/returns/${mine.requested}/refund`, {})],
          ['close', theirs.admin.post(`/returns/${mine.requested}/close`, { comment: 'not mine' })],
          ['withdraw', theirs.channel.post(`/returns/${mine.requested}/withdraw`)],
          ['ship', theirs.channel.post(`/returns/${mine.approved}/ship`, { trackingNumber: tracking() })],
          [
            'inspect',
            theirs.warehouse.post(`/returns/${mine.received}/inspect`, {
              lines: [{ sku: 'R', quantity: 1, outcome: 'intact' }],
            }),
          ],
          [
            'reject-after-inspection',
            theirs.agent.post(`/returns/${mine.received}/reject-after-inspection`, {
              reasonId: 'return-window-passed',
            }),
          ],
          ['dispute', theirs.channel.post(`/returns/${mine.rejected}/dispute`, { comment: 'not mine' })],
          ['accept-compensation', theirs.channel.post(`/returns/${mine.offered}/accept-compensation`)],
          ['decline-compensation', theirs.channel.post(`/returns/${mine.offered}/decline-compensation`)],
          [
            'open on my order',
            theirs.channel.post('/returns', {
              orderId: bigOrderId,
              type: 'buyer_return',
              lines: [{ sku: 'R', quantity: 1 }],
              reasonId: 'wrong-model',
            }),
          ],
          ['parcel condition', theirs.warehouse.post(`/parcels/${mine.parcel}/condition`, { condition: 'opened' })],
          ['assign my parcel', theirs.agent.post(`/parcels/${mine.unmatched}/assign`, { returnId: mine.approved })],
          [
            'assign their parcel to my case',
            theirs.agent.post(`/parcels/${theirUnmatched}/assign`, { returnId: mine.approved }),
          ],
        ];
        for (const [what, response] of attempts) notFound(await response, what);

        // their scan of my tracking number matches nothing of theirs and leaves my case alone
        const scan = ok(await theirs.warehouse.post('/parcels/receive', { code: mine.inTransit.trackingNumber }));
        expect(scan).toMatchObject({ returnId: null, parcel: { candidateReturnIds: [] } });

        const states = await Promise.all(
          [mine.requested, mine.approved, mine.inTransit.id, mine.received, mine.rejected, mine.offered].map(
            async (id) => (await getReturn(id)).state,
          ),
        );
        expect(states).toEqual(['requested', 'approved', 'in_transit', 'received', 'rejected', 'compensation_offered']);
        expect(ok(await agent.get(`/parcels/${mine.parcel}`)).condition).toBe('intact');
        expect(ok(await agent.get(`/parcels/${mine.unmatched}`)).returnId).toBeNull();
        expect(ok(await theirs.agent.get(`/parcels/${theirUnmatched}`)).returnId).toBeNull();
      });

      it("another seller's return cases and parcels are absent from its lists", async () => {
        const myCaseIds = [
          mine.requested,
          mine.approved,
          mine.inTransit.id,
          mine.received,
          mine.rejected,
          mine.offered,
        ];
        const myParcelIds = [mine.parcel, mine.unmatched];
        // the same queries show them to their own seller
        expect(ok(await agent.get(`/returns${listQuery({ filter: { id: myCaseIds }, range: [0, 99] })}`))).toHaveLength(
          myCaseIds.length,
        );
        expect(ok(await agent.get(`/parcels${listQuery({ filter: { id: myParcelIds } })}`))).toHaveLength(2);

        const { postingNumber } = await getOrder(bigOrderId);
        for (const client of [
          as(stack, { token: other.admin }),
          as(stack, { token: other.agent }),
          as(stack, { token: other.warehouse }),
          as(stack, { key: other.channelKey }),
        ]) {
          const all = ok(await client.get(`/returns${listQuery({ range: [0, 499] })}`));
          expect(all.filter((r: any) => r.sellerId !== other.sellerId)).toEqual([]);
          expect(ok(await client.get(`/returns${listQuery({ filter: { id: myCaseIds } })}`))).toEqual([]);
          expect(ok(await client.get(`/returns${listQuery({ filter: { q: postingNumber } })}`))).toEqual([]);
          expect(ok(await client.get(`/returns${listQuery({ filter: { orderId: bigOrderId } })}`))).toEqual([]);
        }
        for (const client of [
          as(stack, { token: other.admin }),
          as(stack, { token: other.agent }),
          as(stack, { token: other.warehouse }),
        ]) {
          const all = ok(await client.get(`/parcels${listQuery({ range: [0, 499] })}`));
          expect(all.filter((p: any) => p.sellerId !== other.sellerId)).toEqual([]);
          expect(ok(await client.get(`/parcels${listQuery({ filter: { id: myParcelIds } })}`))).toEqual([]);
          expect(
            ok(await client.get(`/parcels${listQuery({ filter: { matched: false }, range: [0, 499] })}`)).map(
              (p: any) => p.id,
            ),
          ).not.toContain(mine.unmatched);
        }
      });
    });
  });
});
