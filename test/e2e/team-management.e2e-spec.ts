import { randomUUID } from 'node:crypto';
import { UserRecord } from '@aftersale/contracts';
import {
  as,
  contentRangeTotal,
  countRows,
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

  describe('Idempotency-Key (docs/api.md "Command semantics")', () => {
    const keyed = (key: string) => ({ 'Idempotency-Key': key });
    const usersWith = (email: string) => countRows(stack, 'users WHERE email = $1', [email.toLowerCase()]);
    const passwordHashOf = async (id: string): Promise<string> =>
      (await stack.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [id]))[0].password_hash;
    const commandPayloads = async (key: string): Promise<string> =>
      JSON.stringify(await stack.dataSource.query(`SELECT payload FROM commands WHERE idempotency_key = $1`, [key]));

    it('POST /users: the same key and body twice, or twice at once, give the same user and one row, not 409 duplicate-email', async () => {
      const key = `user-${randomUUID()}`;
      const body = newUser();
      const first: UserRecord = ok(await admin.post('/users', body, keyed(key)), 201);
      const again: UserRecord = ok(await admin.post('/users', body, keyed(key)), 201);
      expect(again).toEqual(first);
      expect(await usersWith(body.email)).toBe(1);
      expect(await auditOf(first.id)).toHaveLength(1);
      ok(await login(body.email));

      const raced = newUser();
      const racedKey = `user-${randomUUID()}`;
      const [a, b] = await Promise.all([1, 2].map(() => admin.post('/users', raced, keyed(racedKey))));
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(await usersWith(raced.email)).toBe(1);
      // the command keeps no password, only the slow hash a retry is checked against
      for (const payloads of [await commandPayloads(key), await commandPayloads(racedKey)]) {
        expect(payloads).not.toContain(PASSWORD);
        expect(payloads).toContain('$scrypt$');
      }
    });

    it('POST /users: the same key with another body, or only another password, is 422 idempotency-key-reused and changes nothing', async () => {
      const key = `user-${randomUUID()}`;
      const body = newUser();
      const first: UserRecord = ok(await admin.post('/users', body, keyed(key)), 201);
      const other = newUser();
      expectProblem(await admin.post('/users', other, keyed(key)), 422, 'idempotency-key-reused');
      expect(await usersWith(other.email)).toBe(0);
      expectProblem(
        await admin.post('/users', { ...body, role: 'warehouse' }, keyed(key)),
        422,
        'idempotency-key-reused',
      );
      const hash = await passwordHashOf(first.id);
      expectProblem(
        await admin.post('/users', { ...body, password: 'another-long-password' }, keyed(key)),
        422,
        'idempotency-key-reused',
      );
      expect(ok(await admin.get(`/users/${first.id}`))).toEqual(first);
      expect(await passwordHashOf(first.id)).toBe(hash);
      expect(await auditOf(first.id)).toHaveLength(1);
      ok(await login(body.email));
    });

    it('POST /users/:id/reset-password: a retry under the same key gets the first answer and resets once; another password is 422 and changes nothing', async () => {
      const created: UserRecord = ok(await admin.post('/users', newUser()), 201);
      const key = `reset-${randomUUID()}`;
      const fresh = 'a-fresh-long-password';
      const first: UserRecord = ok(
        await admin.post(`/users/${created.id}/reset-password`, { password: fresh }, keyed(key)),
      );
      const hash = await passwordHashOf(created.id);
      const again: UserRecord = ok(
        await admin.post(`/users/${created.id}/reset-password`, { password: fresh }, keyed(key)),
      );
      expect(again).toEqual(first);
      expect(await passwordHashOf(created.id)).toBe(hash);
      expectProblem(
        await admin.post(`/users/${created.id}/reset-password`, { password: 'yet-another-password' }, keyed(key)),
        422,
        'idempotency-key-reused',
      );
      expect(await passwordHashOf(created.id)).toBe(hash);
      expect((await auditOf(created.id)).map((a: { type: string }) => a.type)).toEqual([
        'UserCreated',
        'UserPasswordReset',
      ]);
      expectProblem(await login(created.email, 'yet-another-password'), 401, 'unauthenticated');
      ok(await login(created.email, fresh));
      expect(await commandPayloads(key)).not.toContain(fresh);
      // the key is scoped to the path: the same key on another user is another request
      const second: UserRecord = ok(await admin.post('/users', newUser()), 201);
      const reset: UserRecord = ok(
        await admin.post(`/users/${second.id}/reset-password`, { password: fresh }, keyed(key)),
      );
      expect(reset.id).toBe(second.id);
      ok(await login(second.email, fresh));
    });

    it("another admin's same key is their own request", async () => {
      const key = `team-${randomUUID()}`;
      const otherAdmin = as(stack, { token: other.admin });
      const mine: UserRecord = ok(await admin.post('/users', newUser(), keyed(key)), 201);
      const body = newUser();
      const theirs: UserRecord = ok(await otherAdmin.post('/users', body, keyed(key)), 201);
      expect(theirs).toMatchObject({ email: body.email, sellerId: other.sellerId });
      expect(theirs.id).not.toBe(mine.id);
      expect(await usersWith(body.email)).toBe(1);

      const resetKey = `reset-${randomUUID()}`;
      const fresh = 'a-fresh-long-password';
      ok(await admin.post(`/users/${mine.id}/reset-password`, { password: fresh }, keyed(resetKey)));
      ok(
        await otherAdmin.post(
          `/users/${theirs.id}/reset-password`,
          { password: 'their-long-password' },
          keyed(resetKey),
        ),
      );
      ok(await login(mine.email, fresh));
      ok(await login(theirs.email, 'their-long-password'));
      // a key does not open another seller's user: still 404, nothing changed
      expectProblem(
        await otherAdmin.post(`/users/${mine.id}/reset-password`, { password: fresh }, keyed(resetKey)),
        404,
        'not-found',
      );
    });
  });

  it('shows team changes in the audit events of the user', async () => {
    const created: UserRecord = ok(await admin.post('/users', newUser()), 201);
    const events = ok(
      await admin.get(`/audit-events${listQuery({ filter: { caseType: 'user', caseId: created.id } })}`),
    );
    expect(events).toMatchObject([{ caseType: 'user', caseId: created.id, type: 'UserCreated' }]);
  });
});
