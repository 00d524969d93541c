import { JwtService } from '@nestjs/jwt';
import {
  as,
  contentRangeTotal,
  countRows,
  createOps,
  createTenant,
  eventually,
  listQuery,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** One seller's records: an order waiting with an open cancellation, and a cancelled order with its refund. */
interface Records {
  waitingOrderId: string;
  cancellationId: string;
  cancelledOrderId: string;
  refundId: string;
}

describe('tenancy and roles (docs/rules.md#roles-and-tenancy, docs/api.md#principals) on the real stack', () => {
  let stack: Stack;
  let a: TenantFixture;
  let b: TenantFixture;
  let ops: ReturnType<typeof as>;
  let recordsA: Records;
  let recordsB: Records;

  async function recordsOf(tenant: TenantFixture): Promise<Records> {
    const channel = as(stack, { key: tenant.channelKey });
    const waitingOrderId = await orderInStatus(stack, tenant, 'processing');
    const cancellation = await channel.post('/cancellations', { orderId: waitingOrderId, reasonId: 'changed-mind' });
    expect(cancellation.body.state).toBe('awaiting_seller');
    const cancelledOrderId = await orderInStatus(stack, tenant, 'pending');
    expect(
      (await channel.post('/cancellations', { orderId: cancelledOrderId, reasonId: 'changed-mind' })).body.state,
    ).toBe('approved');
    const [refund] = await eventually(async () => {
      const rows = await stack.dataSource.query(`SELECT id, state FROM refunds WHERE order_id = $1`, [
        cancelledOrderId,
      ]);
      return rows[0]?.state === 'succeeded' && rows;
    });
    return { waitingOrderId, cancellationId: cancellation.body.id, cancelledOrderId, refundId: refund.id };
  }

  beforeAll(async () => {
    stack = await startStack();
    a = await createTenant(stack);
    b = await createTenant(stack);
    ops = as(stack, { token: await createOps(stack) });
    recordsA = await recordsOf(a);
    recordsB = await recordsOf(b);
  });
  afterAll(() => stack.close());

  const agentOf = (t: TenantFixture) => as(stack, { token: t.agent });
  const adminOf = (t: TenantFixture) => as(stack, { token: t.admin });
  const warehouseOf = (t: TenantFixture) => as(stack, { token: t.warehouse });
  const channelOf = (t: TenantFixture) => as(stack, { key: t.channelKey });

  function expectProblem(
    response: { status: number; headers: Record<string, string>; body: { code?: string } },
    status: number,
    code: string,
  ) {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toContain('application/problem+json');
  }

  it("another seller's order, cancellation and refund are 404 by id, for users and for the channel", async () => {
    for (const reader of [agentOf(a), adminOf(a), channelOf(a)]) {
      expectProblem(await reader.get(`/orders/${recordsB.waitingOrderId}`), 404, 'not-found');
      expectProblem(await reader.get(`/cancellations/${recordsB.cancellationId}`), 404, 'not-found');
      expectProblem(await reader.get(`/refunds/${recordsB.refundId}`), 404, 'not-found');
      // the own records read fine with the same credentials
      expect((await reader.get(`/orders/${recordsA.waitingOrderId}`)).status).toBe(200);
      expect((await reader.get(`/cancellations/${recordsA.cancellationId}`)).status).toBe(200);
      expect((await reader.get(`/refunds/${recordsA.refundId}`)).status).toBe(200);
    }
  });

  it("commands on another seller's records are 404 and change nothing", async () => {
    const commandsOfB = await countRows(stack, `commands WHERE seller_id = $1`, [b.sellerId]);
    const agent = agentOf(a);
    const channel = channelOf(a);
    expectProblem(await agent.post(`/cancellations/${recordsB.cancellationId}/approve`, {}), 404, 'not-found');
    expectProblem(
      await agent.post(`/cancellations/${recordsB.cancellationId}/reject`, {
        reasonId: 'already-packed',
        comment: 'no',
      }),
      404,
      'not-found',
    );
    expectProblem(await agent.post(`/orders/${recordsB.waitingOrderId}/process`), 404, 'not-found');
    expectProblem(await agent.post(`/orders/${recordsB.waitingOrderId}/ship`), 404, 'not-found');
    expectProblem(
      await agent.post(`/orders/${recordsB.waitingOrderId}/cancel`, { reasonId: 'out-of-stock' }),
      404,
      'not-found',
    );
    expectProblem(await agent.post(`/refunds/${recordsB.refundId}/retry`), 404, 'not-found');
    expectProblem(
      await adminOf(a).post(`/refunds/${recordsB.refundId}/void`, { comment: 'not yours' }),
      404,
      'not-found',
    );
    expectProblem(await channel.post(`/cancellations/${recordsB.cancellationId}/withdraw`), 404, 'not-found');
    expectProblem(await channel.post(`/orders/${recordsB.waitingOrderId}/deliver`), 404, 'not-found');
    expectProblem(
      await channel.post('/cancellations', { orderId: recordsB.waitingOrderId, reasonId: 'found-cheaper' }),
      404,
      'not-found',
    );
    expect((await agentOf(b).get(`/cancellations/${recordsB.cancellationId}`)).body.state).toBe('awaiting_seller');
    expect((await agentOf(b).get(`/orders/${recordsB.waitingOrderId}`)).body.status).toBe('processing');
    expect(await countRows(stack, `commands WHERE seller_id = $1`, [b.sellerId])).toBe(commandsOfB);
  });

  it("lists hold only the own seller's records, and Content-Range counts only them", async () => {
    for (const [tenant, records, other] of [
      [a, recordsA, recordsB],
      [b, recordsB, recordsA],
    ] as const) {
      for (const reader of [agentOf(tenant), channelOf(tenant)]) {
        const orders = await reader.get(`/orders${listQuery({ range: [0, 99] })}`);
        expect(orders.status).toBe(200);
        expect(contentRangeTotal(orders)).toBe(
          await countRows(stack, `orders WHERE seller_id = $1`, [tenant.sellerId]),
        );
        expect(contentRangeTotal(orders)).toBe(2);
        expect(orders.body.map((o: { id: string }) => o.id).sort()).toEqual(
          [records.waitingOrderId, records.cancelledOrderId].sort(),
        );
        const cancellations = await reader.get('/cancellations');
        expect(contentRangeTotal(cancellations)).toBe(2);
        expect(
          cancellations.body.every(
            (c: { orderId: string }) => c.orderId !== other.waitingOrderId && c.orderId !== other.cancelledOrderId,
          ),
        ).toBe(true);
        const refunds = await reader.get('/refunds');
        expect(contentRangeTotal(refunds)).toBe(1);
        expect(refunds.body.map((r: { id: string }) => r.id)).toEqual([records.refundId]);
        // asking for the other seller's ids explicitly (getMany) or by its order still finds nothing
        const byIds = await reader.get(
          `/orders${listQuery({ filter: { id: [other.waitingOrderId, other.cancelledOrderId] } })}`,
        );
        expect(byIds.body).toEqual([]);
        expect(contentRangeTotal(byIds)).toBe(0);
        const byOrder = await reader.get(`/cancellations${listQuery({ filter: { orderId: other.waitingOrderId } })}`);
        expect(contentRangeTotal(byOrder)).toBe(0);
        expect(
          contentRangeTotal(await reader.get(`/refunds${listQuery({ filter: { orderId: other.cancelledOrderId } })}`)),
        ).toBe(0);
      }
      const audit = await agentOf(tenant).get(
        `/audit-events${listQuery({ filter: { orderId: other.cancelledOrderId } })}`,
      );
      expect(audit.status).toBe(200);
      expect(audit.body).toEqual([]);
    }
  });

  it("ops reads across sellers: both sellers' records by id and in the lists", async () => {
    for (const records of [recordsA, recordsB]) {
      expect((await ops.get(`/orders/${records.waitingOrderId}`)).status).toBe(200);
      expect((await ops.get(`/cancellations/${records.cancellationId}`)).status).toBe(200);
      expect((await ops.get(`/refunds/${records.refundId}`)).status).toBe(200);
    }
    const ids = [
      recordsA.waitingOrderId,
      recordsA.cancelledOrderId,
      recordsB.waitingOrderId,
      recordsB.cancelledOrderId,
    ];
    const orders = await ops.get(`/orders${listQuery({ filter: { id: ids } })}`);
    expect(contentRangeTotal(orders)).toBe(4);
    expect(new Set(orders.body.map((o: { sellerId: string }) => o.sellerId))).toEqual(
      new Set([a.sellerId, b.sellerId]),
    );
    const refunds = await ops.get(`/refunds${listQuery({ filter: { id: [recordsA.refundId, recordsB.refundId] } })}`);
    expect(refunds.body).toHaveLength(2);
    // ops reads, but does not decide a seller's cancellation
    expectProblem(await ops.post(`/cancellations/${recordsA.cancellationId}/approve`, {}), 403, 'forbidden');
  });

  it('warehouse may not decide cancellations, move orders, or read orders (403 forbidden), and nothing changes', async () => {
    const warehouse = warehouseOf(a);
    expectProblem(await warehouse.post(`/cancellations/${recordsA.cancellationId}/approve`, {}), 403, 'forbidden');
    expectProblem(
      await warehouse.post(`/cancellations/${recordsA.cancellationId}/reject`, {
        reasonId: 'already-packed',
        comment: 'packed',
      }),
      403,
      'forbidden',
    );
    expectProblem(await warehouse.post(`/orders/${recordsA.waitingOrderId}/process`), 403, 'forbidden');
    expectProblem(await warehouse.post(`/orders/${recordsA.waitingOrderId}/ship`), 403, 'forbidden');
    expectProblem(await warehouse.get(`/orders/${recordsA.waitingOrderId}`), 403, 'forbidden');
    expectProblem(await warehouse.get('/orders'), 403, 'forbidden');
    expectProblem(await warehouse.get('/cancellations'), 403, 'forbidden');
    expectProblem(await warehouse.get('/refunds'), 403, 'forbidden');
    expect((await agentOf(a).get(`/cancellations/${recordsA.cancellationId}`)).body.state).toBe('awaiting_seller');
    const { body: me } = await warehouse.get('/auth/me');
    expect(me.role).toBe('warehouse');
    expect(await countRows(stack, `commands WHERE principal = $1`, [`user:${me.id}`])).toBe(0);
  });

  it('settings: seller_admin may change them, seller_agent, warehouse, ops and the channel may not (403)', async () => {
    const before = (await agentOf(a).get('/sellers/me/settings')).body;
    expect(before.cancellationDeadlineHours).toBe(72);
    for (const denied of [agentOf(a), warehouseOf(a), ops, channelOf(a)]) {
      expectProblem(await denied.put('/sellers/me/settings', { cancellationDeadlineHours: 1 }), 403, 'forbidden');
    }
    expect((await agentOf(a).get('/sellers/me/settings')).body.cancellationDeadlineHours).toBe(72);
    const changed = await adminOf(a).put('/sellers/me/settings', { cancellationDeadlineHours: 48 });
    expect(changed.status).toBe(200);
    expect(changed.body.cancellationDeadlineHours).toBe(48);
    // the admin's change is its own seller's: the other seller keeps its deadline
    expect((await agentOf(b).get('/sellers/me/settings')).body.cancellationDeadlineHours).toBe(72);
  });

  it('the channel may not decide (403); users may not create orders or cancellations (403, channel only)', async () => {
    const channel = channelOf(a);
    expectProblem(await channel.post(`/cancellations/${recordsA.cancellationId}/approve`, {}), 403, 'forbidden');
    expectProblem(
      await channel.post(`/cancellations/${recordsA.cancellationId}/reject`, {
        reasonId: 'already-packed',
        comment: 'x',
      }),
      403,
      'forbidden',
    );
    expectProblem(await channel.post(`/orders/${recordsA.waitingOrderId}/process`), 403, 'forbidden');
    const order = {
      postingNumber: `U-${Date.now()}`,
      buyer: { name: 'X' },
      lines: [{ sku: 'S', name: 'N', quantity: 1, unitPrice: { amount: 1, currency: 'RUB' } }],
      paid: { amount: 1, currency: 'RUB' },
    };
    for (const user of [adminOf(a), agentOf(a), warehouseOf(a), ops]) {
      expectProblem(await user.post('/orders', order), 403, 'forbidden');
    }
    expectProblem(
      await agentOf(a).post('/cancellations', { orderId: recordsA.cancelledOrderId, reasonId: 'changed-mind' }),
      403,
      'forbidden',
    );
    expect(await countRows(stack, `orders WHERE posting_number = $1`, [order.postingNumber])).toBe(0);
  });

  it('no credentials, a bad token, a forged token or an unknown key: 401 unauthenticated', async () => {
    const noCredentials = await stack.http.get('/api/v1/orders');
    expectProblem(noCredentials, 401, 'unauthenticated');
    expectProblem(await stack.http.post('/api/v1/orders').send({}), 401, 'unauthenticated');
    expectProblem(await as(stack, { token: 'not-a-jwt' }).get('/orders'), 401, 'unauthenticated');
    expectProblem(
      await stack.http.get('/api/v1/orders').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`),
      401,
      'unauthenticated',
    );
    const forged = new JwtService({ secret: 'someone-elses-secret' }).sign({
      sub: 'x',
      role: 'ops',
      sellerId: null,
      name: 'Mallory',
      email: 'm@x',
    });
    expectProblem(await as(stack, { token: forged }).get('/orders'), 401, 'unauthenticated');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const claims = Buffer.from(
      JSON.stringify({
        sub: 'x',
        role: 'ops',
        sellerId: null,
        name: 'M',
        email: 'm@x',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url');
    expectProblem(await as(stack, { token: `${header}.${claims}.` }).get('/orders'), 401, 'unauthenticated');
    const expired = new JwtService({ secret: stack.config.jwtSecret }).sign(
      { sub: 'x', role: 'ops', sellerId: null, name: 'M', email: 'm@x' },
      { expiresIn: -10 },
    );
    expectProblem(await as(stack, { token: expired }).get('/orders'), 401, 'unauthenticated');
    expectProblem(await as(stack, { key: 'no-such-key' }).get('/orders'), 401, 'unauthenticated');
    expectProblem(await as(stack, { key: 'no-such-key' }).post('/orders', {}), 401, 'unauthenticated');
  });

  it('a wrong password and an unknown email get the same 401, with no hint which was wrong', async () => {
    const { body: me } = await agentOf(a).get('/auth/me');
    const wrongPassword = await stack.http
      .post('/api/v1/auth/login')
      .send({ email: me.email, password: 'not-the-password' });
    const unknownEmail = await stack.http
      .post('/api/v1/auth/login')
      .send({ email: `nobody-${Date.now()}@test.example`, password: 'not-the-password' });
    expectProblem(wrongPassword, 401, 'unauthenticated');
    expectProblem(unknownEmail, 401, 'unauthenticated');
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.accessToken).toBeUndefined();
    expect(JSON.stringify(wrongPassword.body)).not.toMatch(/password is|no such user|unknown (user|email)/i);
  });

  it('a malformed id is 404 not-found, like an unknown one', async () => {
    const agent = agentOf(a);
    for (const path of [
      '/orders/not-a-uuid',
      '/cancellations/123',
      '/refunds/%27%20OR%201=1',
      '/commands/xyz',
      `/orders/${recordsA.waitingOrderId}x`,
    ]) {
      expectProblem(await agent.get(path), 404, 'not-found');
    }
    expectProblem(await agent.post('/cancellations/not-a-uuid/approve', {}), 404, 'not-found');
    expectProblem(await agent.post('/orders/not-a-uuid/process'), 404, 'not-found');
    expectProblem(await agent.post('/refunds/not-a-uuid/retry'), 404, 'not-found');
    expectProblem(await agent.get('/orders/00000000-0000-0000-0000-000000000000'), 404, 'not-found');
  });
});
