import { createTenant, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

/** Every index a plan reads. */
function indexesOf(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexesOf)];
}

/**
 * The waiting tab's total when most waiting requests are another seller's, with time-ordered ids (docs/architecture.md
 * "Ids"): the count reads the seller's own range, not every seller's waiting requests (migration 1767550000000,
 * docs/benchmarks.md, 71).
 */
describe('list plans', () => {
  let stack: Stack;
  let seller: TenantFixture;
  let crowd: TenantFixture;

  /** `count` cancellation requests of the seller in `state`, with their orders; ids in the order they were written. */
  async function seed(tenant: TenantFixture, count: number, state: 'awaiting_seller' | 'rejected'): Promise<void> {
    await stack.dataSource.query(
      `WITH n AS (
         SELECT i, (lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
                    || substr(replace(gen_random_uuid()::text, '-', ''), 14))::uuid AS order_id
           FROM generate_series(1, $3::int) AS i
       ), o AS (
         INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at,
                             updated_at)
         SELECT order_id, $1, $2 || i, 'processing', 'Buyer', 1000, 'RUB', now(), now() FROM n
         RETURNING id, posting_number
       )
       INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                          deadline_at, created_at, updated_at)
       SELECT id, $1, id, posting_number, $4, 'buyer', 'changed-mind', now() + interval '72 hours', now(), now()
         FROM o ORDER BY id`,
      [tenant.sellerId, `PLAN-${state}-${tenant.sellerId.slice(0, 8)}-`, count, state],
    );
  }

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    seller = await createTenant(stack);
    crowd = await createTenant(stack);
    await seed(seller, 40_000, 'rejected');
    await seed(seller, 3_000, 'awaiting_seller');
    await seed(crowd, 25_000, 'awaiting_seller');
    await stack.dataSource.query('VACUUM ANALYZE orders, cancellation_requests');
  }, 120_000);
  afterAll(async () => {
    // the Jest worker's database is the next files' too: its 28,000 waiting requests would be in their ops lists
    const sellers = [seller.sellerId, crowd.sellerId];
    await stack.dataSource.query(`DELETE FROM cancellation_requests WHERE seller_id = ANY($1)`, [sellers]);
    await stack.dataSource.query(`DELETE FROM order_search WHERE seller_id = ANY($1)`, [sellers]);
    await stack.dataSource.query(`DELETE FROM orders WHERE seller_id = ANY($1)`, [sellers]);
    await stack.close();
  });

  it("counts a seller's waiting requests from the seller's own range, estimated as the seller's", async () => {
    const [{ 'QUERY PLAN': plan }] = await stack.dataSource.query(
      `EXPLAIN (FORMAT JSON) SELECT count(*)::int FROM (
         SELECT c.id FROM cancellation_requests c WHERE c.seller_id = $1 AND c.state IN ('awaiting_seller') LIMIT 10001
       ) AS capped`,
      [seller.sellerId],
    );
    const root: PlanNode = plan[0].Plan;
    expect(indexesOf(root)).toEqual(['cancellation_requests_seller_state_deadline_id']);
    const scan = root.Plans![0];
    expect(scan['Plan Rows']).toBeLessThan(6_000);
  });
});
