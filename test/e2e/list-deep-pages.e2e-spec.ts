import { as, createTenant, listQuery, ok, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/**
 * A page from row 1,000 on (DEEP_PAGE_FROM) is chosen by its ids first, then read, and one of several statuses by a
 * scan per status, merged (docs/benchmarks.md, 26): it must be the same rows, in the same order, as the list sorted
 * and skipped, for every sort and with a filter, ties on the sorted column broken by the id in the same direction
 * (docs/api.md "Reading").
 */
describe('a deep page of a list is the same rows as the sorted list skipped to it', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    [tenant, other] = await Promise.all([createTenant(stack), createTenant(stack)]);
    // 4,400 orders, ten to a creation time and to an update time (ties the id breaks), statuses mixed; and as many
    // of another seller's between them, which no page of this seller's may hold
    for (const t of [tenant, other])
      await stack.dataSource.query(
        `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
         SELECT gen_random_uuid(), $1, 'DEEP-' || $2 || '-' || lpad(n::text, 5, '0'),
                (ARRAY['pending', 'processing', 'shipped', 'delivered'])[1 + n % 4], 'Buyer', 1000, 'RUB',
                now() - (n / 10) * interval '1 second', now() - ((n * 7) % 440) * interval '1 minute'
           FROM generate_series(1, 4400) AS n`,
        [t.sellerId, t.sellerId.slice(0, 8)],
      );
  });
  afterAll(() => stack.close());

  const expected = async (order: string, status?: string[]) =>
    (
      await stack.dataSource.query(
        `SELECT id FROM orders WHERE seller_id = $1 ${status ? 'AND status = ANY($2)' : ''} ORDER BY ${order}`,
        status ? [tenant.sellerId, status] : [tenant.sellerId],
      )
    ).map((o: { id: string }) => o.id);

  it.each([
    [['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['createdAt', 'ASC'], 'created_at ASC, id ASC'],
    [['updatedAt', 'DESC'], 'updated_at DESC, id DESC'],
    [['status', 'ASC'], 'status ASC, id ASC'],
    [['postingNumber', 'DESC'], 'posting_number DESC, id DESC'],
    [['id', 'ASC'], 'id ASC'],
  ])('sorted by %j, pages from row 1,000 on', async (sort, order) => {
    const all = await expected(order);
    const agent = as(stack, { token: tenant.agent });
    for (const [start, end] of [
      [975, 999], // the last page read by skipping
      [1000, 1024],
      [4390, 4414], // the end of the list: 10 rows
    ]) {
      const page = await agent.get(`/orders${listQuery({ sort, range: [start, end] })}`);
      expect(ok(page).map((o: { id: string }) => o.id)).toEqual(all.slice(start, end + 1));
      expect(page.headers['content-range']).toBe(`orders ${start}-${Math.min(end, 4399)}/4400`);
    }
  });

  it.each([
    [['pending'], ['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['pending', 'processing', 'shipped'], ['createdAt', 'DESC'], 'created_at DESC, id DESC'],
    [['pending', 'processing', 'shipped'], ['createdAt', 'ASC'], 'created_at ASC, id ASC'],
    [['pending', 'processing', 'shipped'], ['updatedAt', 'ASC'], 'updated_at ASC, id ASC'],
    [['pending', 'processing', 'shipped'], ['id', 'ASC'], 'id ASC'],
    [['shipped', 'pending', 'pending'], ['status', 'DESC'], 'status DESC, id DESC'],
  ])('with the status filter %j, sorted by %j', async (statuses, sort, order) => {
    const all = await expected(order, statuses);
    expect(all).toHaveLength(1100 * new Set(statuses).size);
    const page = await as(stack, { token: tenant.agent }).get(
      `/orders${listQuery({ filter: { status: statuses }, sort, range: [1050, 1074] })}`,
    );
    expect(ok(page).map((o: { id: string }) => o.id)).toEqual(all.slice(1050, 1075));
    expect(page.headers['content-range']).toBe(`orders 1050-1074/${all.length}`);
  });
});
