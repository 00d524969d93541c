import { as, contentRangeTotal, createTenant, expectProblem, listQuery, ok, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** react-admin's CSV exporter asks for 1,000 records a page (docs/api.md "Reading"). */
describe('lists accept pages up to 1000 records and refuse larger ones', () => {
  let stack: Stack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
    await stack.dataSource.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'PAGE-' || n, 'pending', 'Buyer', 1000, 'RUB', now() - n * interval '1 second', now()
         FROM generate_series(1, 1005) AS n`,
      [tenant.sellerId],
    );
  });
  afterAll(() => stack.close());

  it('answers a page of 1000 records with the total in Content-Range', async () => {
    const response = await as(stack, { token: tenant.agent }).get(`/orders${listQuery({ range: [0, 999] })}`);
    expect(ok(response)).toHaveLength(1000);
    expect(response.headers['content-range']).toBe('orders 0-999/1005');
    expect(contentRangeTotal(response)).toBe(1005);
  });

  it('refuses a page of 1001 records with 400 validation-failed', async () => {
    const response = await as(stack, { token: tenant.agent }).get(`/orders${listQuery({ range: [0, 1000] })}`);
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.errors).toEqual([{ field: 'range', message: 'at most 1000 records a page' }]);
  });
});
