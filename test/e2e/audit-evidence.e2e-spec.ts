import { randomUUID } from 'node:crypto';
import { as, createOps, createTenant, listQuery, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('audit events are evidence (docs/api.md "Audit")', () => {
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
  });
  afterAll(() => stack.close());

  const settingsEvents = async (token: string, sellerId: string) => {
    const response = await as(stack, { token }).get(
      `/audit-events${listQuery({ filter: { caseType: 'seller-settings', caseId: sellerId } })}`,
    );
    expect(response.status).toBe(200);
    return response.body as any[];
  };

  it('PostgreSQL refuses UPDATE, DELETE and TRUNCATE on audit_events', async () => {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO audit_events (id, seller_id, case_type, case_id, type, actor, at) VALUES ($1, $2, 'order', $3, 'OrderCreated', '{"kind":"system"}', now())`,
      [id, tenant.sellerId, randomUUID()],
    );
    for (const statement of [
      `UPDATE audit_events SET type = 'Forged' WHERE id = '${id}'`,
      `DELETE FROM audit_events WHERE id = '${id}'`,
      `TRUNCATE audit_events`,
      `TRUNCATE audit_events CASCADE`,
    ]) {
      await expect(stack.dataSource.query(statement)).rejects.toThrow(/audit events are evidence/);
    }
    const [row] = await stack.dataSource.query(`SELECT type FROM audit_events WHERE id = $1`, [id]);
    expect(row).toEqual({ type: 'OrderCreated' });
  });

  it('a change of seller settings is audited: who, when, before and after', async () => {
    const started = Date.now();
    const put = await as(stack, { token: tenant.admin }).put('/sellers/me/settings', {
      cancellationDeadlineHours: 48,
      defaultReturnAddress: 'Kazan, Returns st. 2',
    });
    expect(put.status).toBe(200);
    const events = await settingsEvents(tenant.admin, tenant.sellerId);
    expect(events).toHaveLength(1);
    const [event] = events;
    const me = (await as(stack, { token: tenant.admin }).get('/auth/me')).body;
    expect(event).toMatchObject({
      type: 'SellerSettingsChanged',
      caseType: 'seller-settings',
      caseId: tenant.sellerId,
      sellerId: tenant.sellerId,
      actor: { kind: 'user', id: me.id, name: me.name },
    });
    expect(Date.parse(event.at)).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(event.at)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(event.data.changed).toEqual(['cancellationDeadlineHours', 'defaultReturnAddress']);
    expect(event.data.before).toMatchObject({
      cancellationDeadlineHours: 72,
      defaultReturnAddress: 'Moscow, Returns st. 1',
      currency: 'RUB',
    });
    expect(event.data.after).toMatchObject({
      cancellationDeadlineHours: 48,
      defaultReturnAddress: 'Kazan, Returns st. 2',
      currency: 'RUB',
    });
    // agents read the trail too; another seller does not see it
    expect(await settingsEvents(tenant.agent, tenant.sellerId)).toHaveLength(1);
    const other = await createTenant(stack);
    expect(await settingsEvents(other.admin, tenant.sellerId)).toHaveLength(0);
  });

  it('a PUT that changes nothing records nothing', async () => {
    const before = (await settingsEvents(tenant.admin, tenant.sellerId)).length;
    const current = (await as(stack, { token: tenant.admin }).get('/sellers/me/settings')).body;
    const put = await as(stack, { token: tenant.admin }).put('/sellers/me/settings', {
      cancellationDeadlineHours: current.cancellationDeadlineHours,
    });
    expect(put.status).toBe(200);
    expect(await settingsEvents(tenant.admin, tenant.sellerId)).toHaveLength(before);
  });

  it('every settings column is audited, whichever code writes it (here a column the PUT does not name)', async () => {
    const seller = await createTenant(stack);
    await stack.dataSource.query(`UPDATE seller_settings SET currency = 'CNY' WHERE seller_id = $1`, [seller.sellerId]);
    const [event] = await settingsEvents(seller.admin, seller.sellerId);
    expect(event.actor).toMatchObject({ kind: 'system' });
    expect(event.data).toMatchObject({
      changed: ['currency'],
      before: { currency: 'RUB' },
      after: { currency: 'CNY' },
    });
  });

  it("reads one event by id (GET /audit-events/:id); another seller's or a guessed id is 404", async () => {
    await as(stack, { token: tenant.admin }).put('/sellers/me/settings', { returnDecisionDeadlineHours: 50 });
    const [event] = (await settingsEvents(tenant.admin, tenant.sellerId)).slice(-1);
    for (const token of [tenant.admin, tenant.agent, await createOps(stack)]) {
      const one = await as(stack, { token }).get(`/audit-events/${event.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(event);
    }
    const other = await createTenant(stack);
    for (const id of [event.id, randomUUID(), 'garbage']) {
      const missing = await as(stack, { token: other.admin }).get(`/audit-events/${id}`);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('not-found');
    }
  });

  it("keeps the team's trail (caseType user) to the seller's admin and ops: an agent gets 403 on its list and 404 on its events", async () => {
    const seller = await createTenant(stack);
    const userId = randomUUID();
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO audit_events (id, seller_id, case_type, case_id, type, actor, data, at)
       VALUES ($1, $2, 'user', $3, 'UserUpdated', '{"kind":"system"}', '{"before":{"email":"a@shop.test"}}', now())`,
      [id, seller.sellerId, userId],
    );
    const teamTrail = listQuery({ filter: { caseType: 'user', caseId: userId } });
    for (const token of [seller.admin, await createOps(stack)]) {
      const who = as(stack, { token });
      expect((await who.get(`/audit-events${teamTrail}`)).body.map((e: { id: string }) => e.id)).toEqual([id]);
      expect((await who.get(`/audit-events/${id}`)).body.id).toBe(id);
    }
    const agent = as(stack, { token: seller.agent });
    const listed = await agent.get(`/audit-events${teamTrail}`);
    expect(listed.status).toBe(403);
    expect(listed.body.code).toBe('forbidden');
    expect((await agent.get(`/audit-events/${id}`)).status).toBe(404);
    // nor by the react-admin getMany form of the list
    const many = await agent.get(`/audit-events${listQuery({ filter: { id: [id] } })}`);
    expect(many.status).toBe(200);
    expect(many.body).toEqual([]);
  });
});
