import { randomUUID } from 'node:crypto';
import { UserRecord } from '@aftersale/contracts';
import {
  as,
  contentRangeTotal,
  createOps,
  createTenant,
  expectProblem,
  listQuery,
  ok,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

const PASSWORD = 'a-long-enough-password';

/** Team management (docs/api.md "Team"): the seller admin's users, within their own seller, audited. */
describe('a seller admin manages their own team, and only theirs', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let admin: ReturnType<typeof as>;

  const login = (email: string, password = PASSWORD) => stack.http.post('/api/v1/auth/login').send({ email, password });
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: `member-${randomUUID().slice(0, 8)}@test.example`,
    name: 'New Member',
    role: 'seller_agent',
    password: PASSWORD,
    ...overrides,
  });
  const auditOf = (userId: string) =>
    stack.dataSource.query(
      `SELECT type, actor, data, seller_id FROM audit_events WHERE case_type = 'user' AND case_id = $1 ORDER BY seq`,
      [userId],
    );
  const meOf = async (token: string): Promise<{ id: string }> => ok(await as(stack, { token }).get('/auth/me'));

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
    other = await createTenant(stack);
    admin = as(stack, { token: tenant.admin });
  });
  afterAll(() => stack.close());

  it('lists the seller own users with Content-Range, filtered by q and role, never the password hash', async () => {
    const response = await admin.get(`/users${listQuery({ sort: ['email', 'ASC'] })}`);
    const users: UserRecord[] = ok(response);
    expect(contentRangeTotal(response)).toBe(3);
    expect(users.map((u) => u.role).sort()).toEqual(['seller_admin', 'seller_agent', 'warehouse']);
    expect(users.every((u) => u.sellerId === tenant.sellerId)).toBe(true);
    expect(JSON.stringify(users)).not.toMatch(/password|scrypt/i);
    expect(Object.keys(users[0]).sort()).toEqual(
      ['createdAt', 'disabled', 'disabledAt', 'email', 'id', 'name', 'role', 'sellerId', 'updatedAt'].sort(),
    );
    const warehouse: UserRecord[] = ok(await admin.get(`/users${listQuery({ filter: { role: 'warehouse' } })}`));
    expect(warehouse.map((u) => u.role)).toEqual(['warehouse']);
    const byName: UserRecord[] = ok(await admin.get(`/users${listQuery({ filter: { q: 'SELLER_AGENT' } })}`));
    expect(byName.map((u) => u.role)).toEqual(['seller_agent']);
    expectProblem(await admin.get(`/users${listQuery({ filter: { role: 'king' } })}`), 400, 'validation-failed');
    expectProblem(await admin.get(`/users${listQuery({ sort: ['passwordHash', 'ASC'] })}`), 400, 'validation-failed');
  });

  it('creates a user (201) who can log in, in the admin seller, audited without the password', async () => {
    const body = newUser({ email: `  Mixed-${randomUUID().slice(0, 8)}@Test.Example ` });
    const created: UserRecord = ok(await admin.post('/users', body), 201);
    expect(created).toMatchObject({
      email: body.email.trim().toLowerCase(),
      name: 'New Member',
      role: 'seller_agent',
      sellerId: tenant.sellerId,
      disabled: false,
      disabledAt: null,
    });
    expect(ok(await admin.get(`/users/${created.id}`))).toEqual(created);
    ok(await login(created.email));
    const audit = await auditOf(created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      type: 'UserCreated',
      seller_id: tenant.sellerId,
      actor: { kind: 'user', id: (await meOf(tenant.admin)).id },
      data: { before: null, after: { email: created.email, name: 'New Member', role: 'seller_agent' } },
    });
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit)).not.toMatch(/scrypt|passwordHash/);
  });

  it('refuses a password under 12 characters, an unknown role and ops as a role (400), creating nothing', async () => {
    for (const body of [
      newUser({ password: 'short-pass1' }),
      newUser({ role: 'ops' }),
      newUser({ role: 'boss' }),
      newUser({ email: 'not-an-email' }),
      newUser({ name: '' }),
      newUser({ sellerId: other.sellerId }),
    ]) {
      const response = await admin.post('/users', body);
      expectProblem(response, 400, 'validation-failed');
      expect(
        (await stack.dataSource.query(`SELECT 1 FROM users WHERE email = $1`, [body.email.toLowerCase()])).length,
      ).toBe(0);
    }
  });

  it('refuses a duplicate email with 409 duplicate-email, whatever its case', async () => {
    const body = newUser();
    ok(await admin.post('/users', body), 201);
    expectProblem(await admin.post('/users', { ...body, email: body.email.toUpperCase() }), 409, 'duplicate-email');
    expectProblem(
      await as(stack, { token: other.admin }).post('/users', { ...body, name: 'Elsewhere' }),
      409,
      'duplicate-email',
    );
  });

  it('updates name and role from the whole record GET gives, ignoring read-only fields, and audits before and after', async () => {
    const created: UserRecord = ok(await admin.post('/users', newUser()), 201);
    const record: UserRecord = ok(await admin.get(`/users/${created.id}`));
    const sent = {
      ...record,
      name: 'Renamed Member',
      role: 'warehouse',
      email: 'hijack@test.example',
      sellerId: other.sellerId,
      createdAt: '2000-01-01T00:00:00.000Z',
      disabledAt: '2000-01-01T00:00:00.000Z',
    };
    const updated: UserRecord = ok(await admin.put(`/users/${created.id}`, sent));
    expect(updated).toMatchObject({
      id: created.id,
      email: created.email,
      sellerId: tenant.sellerId,
      name: 'Renamed Member',
      role: 'warehouse',
      disabled: false,
      disabledAt: null,
      createdAt: created.createdAt,
    });
    expect(ok(await admin.get(`/users/${created.id}`))).toEqual(updated);
    // the same record back changes nothing and adds no audit event
    expect(ok(await admin.put(`/users/${created.id}`, updated))).toEqual(updated);
    const audit = await auditOf(created.id);
    expect(audit.map((a: { type: string }) => a.type)).toEqual(['UserCreated', 'UserUpdated']);
    expect(audit[1].data).toEqual({
      before: { email: created.email, name: 'New Member', role: 'seller_agent', disabledAt: null },
      after: { email: created.email, name: 'Renamed Member', role: 'warehouse', disabledAt: null },
    });
    expectProblem(await admin.put(`/users/${created.id}`, { role: 'ops' }), 400, 'validation-failed');
    expectProblem(await admin.put(`/users/${created.id}`, { disabled: 'yes' }), 400, 'validation-failed');
  });

  it('disables a user: their login and their token stop working at once; enabling restores them', async () => {
    const created: UserRecord = ok(await admin.post('/users', newUser()), 201);
    const token = ok(await login(created.email)).accessToken;
    ok(await as(stack, { token }).get('/orders'));
    const disabled: UserRecord = ok(await admin.put(`/users/${created.id}`, { disabled: true }));
    expect(disabled.disabled).toBe(true);
    expect(disabled.disabledAt).not.toBeNull();
    expectProblem(await as(stack, { token }).get('/orders'), 401, 'unauthenticated');
    expectProblem(await login(created.email), 401, 'unauthenticated');
    const listed: UserRecord[] = ok(await admin.get(`/users${listQuery({ filter: { disabled: true } })}`));
    expect(listed.map((u) => u.id)).toEqual([created.id]);
    const enabled: UserRecord = ok(await admin.put(`/users/${created.id}`, { ...disabled, disabled: false }));
    expect(enabled).toMatchObject({ disabled: false, disabledAt: null });
    ok(await as(stack, { token }).get('/orders'));
    ok(await login(created.email));
    const audit = await auditOf(created.id);
    expect(audit[1].data.after.disabledAt).toBe(disabled.disabledAt);
    expect(audit[2].data.after.disabledAt).toBeNull();
  });

  it('a role change applies to the user next request, not when their token expires', async () => {
    const created: UserRecord = ok(await admin.post('/users', newUser({ role: 'seller_admin' })), 201);
    const token = ok(await login(created.email)).accessToken;
    ok(await as(stack, { token }).get('/users'));
    ok(await admin.put(`/users/${created.id}`, { role: 'warehouse' }));
    expectProblem(await as(stack, { token }).get('/users'), 403, 'forbidden');
  });

  it('an admin cannot disable or demote themselves (403), and nothing changes', async () => {
    const me = await meOf(tenant.admin);
    const record: UserRecord = ok(await admin.get(`/users/${me.id}`));
    expectProblem(await admin.put(`/users/${me.id}`, { ...record, disabled: true }), 403, 'forbidden');
    expectProblem(await admin.put(`/users/${me.id}`, { ...record, role: 'seller_agent' }), 403, 'forbidden');
    expect(ok(await admin.get(`/users/${me.id}`))).toEqual(record);
    // their own name they may change
    expect(ok(await admin.put(`/users/${me.id}`, { ...record, name: 'Chief' })).name).toBe('Chief');
  });

  it('resets a password: the new one works, the old one and the old tokens do not; the audit never holds it', async () => {
    const created: UserRecord = ok(await admin.post('/users', newUser()), 201);
    const token = ok(await login(created.email)).accessToken;
    // a token of an earlier second than the reset
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    const fresh = 'another-long-password';
    expectProblem(
      await admin.post(`/users/${created.id}/reset-password`, { password: 'too-short' }),
      400,
      'validation-failed',
    );
    const reset: UserRecord = ok(await admin.post(`/users/${created.id}/reset-password`, { password: fresh }));
    expect(reset.id).toBe(created.id);
    expectProblem(await login(created.email), 401, 'unauthenticated');
    expectProblem(await as(stack, { token }).get('/orders'), 401, 'unauthenticated');
    const newToken = ok(await login(created.email, fresh)).accessToken;
    ok(await as(stack, { token: newToken }).get('/orders'));
    const audit = await auditOf(created.id);
    expect(audit.map((a: { type: string }) => a.type)).toEqual(['UserCreated', 'UserPasswordReset']);
    expect(JSON.stringify(audit)).not.toContain(fresh);
    expect(JSON.stringify(audit)).not.toMatch(/scrypt|passwordHash/);
  });

  it('another seller user is 404 for every team endpoint, and changes nothing', async () => {
    const stranger: UserRecord = ok(await as(stack, { token: other.admin }).post('/users', newUser()), 201);
    expectProblem(await admin.get(`/users/${stranger.id}`), 404, 'not-found');
    expectProblem(await admin.put(`/users/${stranger.id}`, { name: 'Mine now', disabled: true }), 404, 'not-found');
    expectProblem(
      await admin.post(`/users/${stranger.id}/reset-password`, { password: 'taken-over-password' }),
      404,
      'not-found',
    );
    expectProblem(await admin.get('/users/not-a-uuid'), 404, 'not-found');
    const list: UserRecord[] = ok(await admin.get(`/users${listQuery({ filter: { id: [stranger.id] } })}`));
    expect(list).toEqual([]);
    expect(ok(await as(stack, { token: other.admin }).get(`/users/${stranger.id}`))).toEqual(stranger);
    ok(await login(stranger.email));
  });

  it('is for the seller admin only: agents, warehouse, ops and the channel get 403', async () => {
    const target = (await meOf(tenant.agent)).id;
    for (const who of [
      as(stack, { token: tenant.agent }),
      as(stack, { token: tenant.warehouse }),
      as(stack, { token: await createOps(stack) }),
      as(stack, { key: tenant.channelKey }),
    ]) {
      expectProblem(await who.get('/users'), 403, 'forbidden');
      expectProblem(await who.get(`/users/${target}`), 403, 'forbidden');
      expectProblem(await who.post('/users', newUser()), 403, 'forbidden');
      expectProblem(await who.put(`/users/${target}`, { role: 'seller_admin' }), 403, 'forbidden');
      expectProblem(await who.post(`/users/${target}/reset-password`, { password: PASSWORD }), 403, 'forbidden');
    }
  });

  it('shows team changes in the audit events of the user', async () => {
    const created: UserRecord = ok(await admin.post('/users', newUser()), 201);
    const events = ok(
      await admin.get(`/audit-events${listQuery({ filter: { caseType: 'user', caseId: created.id } })}`),
    );
    expect(events).toMatchObject([{ caseType: 'user', caseId: created.id, type: 'UserCreated' }]);
  });
});
