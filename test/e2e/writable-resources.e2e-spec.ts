import { SellerSettingsView, UserRecord } from '@aftersale/contracts';
import { as, createTenant, expectProblem, ok, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * react-admin's edit form sends back the whole record it read: every PUT takes what its GET gives, read-only
 * fields ignored (docs/api.md; issue 7 item 18). The writable resources: seller settings and users.
 */
describe('what GET gives, PUT takes: read-only fields in a PUT body are ignored', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
    other = await createTenant(stack);
    admin = as(stack, { token: tenant.admin });
  });
  afterAll(() => stack.close());

  it('PUT /sellers/me/settings takes the record GET returns and changes nothing', async () => {
    const record: SellerSettingsView = ok(await admin.get('/sellers/me/settings'));
    const { updatedAt: _ignored, ...unchanged } = record;
    expect(ok(await admin.put('/sellers/me/settings', record))).toMatchObject(unchanged);
    expect(ok(await admin.get('/sellers/me/settings'))).toMatchObject(unchanged);
  });

  it('PUT /sellers/me/settings applies the writable fields of an edited record and ignores the read-only ones', async () => {
    const record: SellerSettingsView = ok(await admin.get('/sellers/me/settings'));
    const edited = {
      ...record,
      returnShipByDays: record.returnShipByDays === 21 ? 22 : 21,
      cancellationDeadlineHours: 48,
      sellerId: other.sellerId,
      sellerName: 'Renamed by a PUT',
      updatedAt: '2000-01-01T00:00:00.000Z',
    };
    const saved: SellerSettingsView = ok(await admin.put('/sellers/me/settings', edited));
    expect(saved).toMatchObject({
      sellerId: tenant.sellerId,
      sellerName: record.sellerName,
      returnShipByDays: edited.returnShipByDays,
      cancellationDeadlineHours: 48,
    });
    expect(saved.updatedAt).not.toBe(edited.updatedAt);
    const theirs: SellerSettingsView = ok(await as(stack, { token: other.admin }).get('/sellers/me/settings'));
    expect(theirs.cancellationDeadlineHours).not.toBe(48);
  });

  it('PUT /sellers/me/settings with the record and a bad writable value is 400 and changes nothing', async () => {
    const record: SellerSettingsView = ok(await admin.get('/sellers/me/settings'));
    expectProblem(
      await admin.put('/sellers/me/settings', { ...record, returnShipByDays: 0 }),
      400,
      'validation-failed',
    );
    expectProblem(await admin.put('/sellers/me/settings', [record]), 400, 'validation-failed');
    expect(ok(await admin.get('/sellers/me/settings'))).toEqual(record);
  });

  it('a seller without a default return address PUTs its record (the address null) back unchanged', async () => {
    await stack.dataSource.query(`UPDATE seller_settings SET default_return_address = NULL WHERE seller_id = $1`, [
      tenant.sellerId,
    ]);
    const record: SellerSettingsView = ok(await admin.get('/sellers/me/settings'));
    expect(record.defaultReturnAddress).toBeNull();
    const { updatedAt: _ignored, ...unchanged } = record;
    expect(ok(await admin.put('/sellers/me/settings', record))).toMatchObject(unchanged);
  });

  it('PUT /users/:id takes the record GET returns and changes nothing', async () => {
    const [agent]: UserRecord[] = ok(await admin.get(`/users?filter=${encodeURIComponent('{"role":"seller_agent"}')}`));
    const record: UserRecord = ok(await admin.get(`/users/${agent.id}`));
    expect(ok(await admin.put(`/users/${agent.id}`, record))).toEqual(record);
    expect(ok(await admin.get(`/users/${agent.id}`))).toEqual(record);
  });
});
