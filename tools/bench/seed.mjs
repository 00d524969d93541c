// The bench's data, written with set-based SQL (generate_series): a tenant the workload acts for, with orders
// waiting for each phase, and a tenant with a large order table, and a cancellation history, for the list queries.
import { randomUUID } from 'node:crypto';

const NAMES = ['Иван', 'Пётр', 'Анна', 'Мария', 'Олег', 'Ольга', 'Сергей', 'Елена', 'Дмитрий', 'Наталья'];
const SURNAMES = [
  'Петров',
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Соколов',
  'Лебедев',
  'Козлов',
  'Новиков',
  'Морозов',
];

export async function createTenant(db, persistence, label, password) {
  const sellerId = randomUUID();
  await db.query(`INSERT INTO sellers (id, name) VALUES ($1, $2)`, [sellerId, `Bench shop ${label}`]);
  await db.query(
    `INSERT INTO seller_settings (seller_id, cancellation_deadline_hours, default_return_address) VALUES ($1, 72, 'Moscow, Returns st. 1')`,
    [sellerId],
  );
  const channelKey = `bench-${label}-${randomUUID()}`;
  await db.query(`INSERT INTO channel_keys (id, seller_id, name, key_hash) VALUES ($1, $2, 'marketplace', $3)`, [
    randomUUID(),
    sellerId,
    persistence.hashChannelKey(channelKey),
  ]);
  const hash = await persistence.hashPassword(password, persistence.DEFAULT_SCRYPT);
  const users = {};
  for (const [role, name] of [
    ['seller_agent', 'agent'],
    ['seller_admin', 'admin'],
  ]) {
    const email = `${name}-${label}@bench.test`;
    await db.query(
      `INSERT INTO users (id, email, name, password_hash, role, seller_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), email, `${name} ${label}`, hash, role, sellerId],
    );
    users[name] = email;
  }
  return { sellerId, channelKey, users };
}

/**
 * `count` orders of one seller in `status`, one line each; with `waiting`, each has an open cancellation
 * awaiting the seller (deadlines from 72 h on, a second apart: requests opened one by one, as in life, rather than
 * thousands with one deadline, which the waiting list's order would have to sort; docs/benchmarks.md, 48). Returns
 * the ids (of the cancellations when `waiting`).
 */
export async function seedOrders(db, sellerId, { count, status, tag, waiting = false }) {
  const { rows } = await db.query(
    `WITH o AS (
       INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, buyer_email, paid_amount, currency,
                           open_cancellation_id, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $2 || '-' || i, $3, 'Иван Петров', 'ivan@example.test', 100000, 'RUB',
              CASE WHEN $4 THEN gen_random_uuid() END, now() - interval '1 hour', now() - interval '1 hour'
       FROM generate_series(1, $5) AS i
       RETURNING id, posting_number, open_cancellation_id
     ), l AS (
       INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount)
       SELECT id, 1, 'SKU-1', 'Phone case', 2, 50000 FROM o
     ), c AS (
       INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                          deadline_at, created_at, updated_at)
       SELECT open_cancellation_id, $1, id, posting_number, 'awaiting_seller', 'buyer', 'changed-mind',
              now() + interval '72 hours' + row_number() OVER () * interval '1 second', now() - interval '1 hour',
              now() - interval '1 hour'
       FROM o WHERE open_cancellation_id IS NOT NULL
     )
     SELECT id, open_cancellation_id FROM o ORDER BY posting_number`,
    [sellerId, `BENCH-${tag}`, status, waiting, count],
  );
  return rows.map((r) => (waiting ? r.open_cancellation_id : r.id));
}

const STATUSES = ['pending', 'processing', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled', 'returned'];

/**
 * The list tenant: `count` orders over the last year (one every 30 s), statuses mixed, buyer names from 100
 * first-name/surname pairs and a number, one line each with one of 1,000 SKUs.
 */
export async function seedLargeOrderTable(db, sellerId, count) {
  const names = `ARRAY[${NAMES.map((n) => `'${n}'`).join(',')}]`;
  const surnames = `ARRAY[${SURNAMES.map((n) => `'${n}'`).join(',')}]`;
  const statuses = `ARRAY[${STATUSES.map((n) => `'${n}'`).join(',')}]`;
  await db.query(
    `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, buyer_email, paid_amount, currency,
                         created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'LS-' || lpad(i::text, 8, '0'), (${statuses})[1 + i % ${STATUSES.length}],
            (${names})[1 + i % 10] || ' ' || (${surnames})[1 + (i / 10) % 10] || ' ' || (i % 997),
            'buyer' || i || '@example.test', 1000 + (i % 100) * 100, 'RUB',
            now() - (i * interval '30 seconds'), now() - (i * interval '30 seconds') + interval '1 hour'
     FROM generate_series(1, $2) AS i`,
    [sellerId, count],
  );
  await db.query(
    `INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount)
     SELECT id, 1, 'SKU-' || lpad((abs(hashtext(posting_number)) % 1000)::text, 4, '0'), 'Item', 1, paid_amount
     FROM orders WHERE seller_id = $1`,
    [sellerId],
  );
}

/** The small sellers of `seedOpsView`. */
export const SMALL_SELLERS = 200;

/**
 * Ops' view of every seller (docs/benchmarks.md, 50): `ops@bench.test`, and `count` small sellers beside the two
 * tenants, 20 orders each (a line each), 10 of them with a decided cancellation, over the last month: an ops list's page is read
 * seller by seller, so what it costs grows with the sellers, not only with the rows.
 */
export async function seedOpsView(db, persistence, password, count) {
  const hash = await persistence.hashPassword(password, persistence.DEFAULT_SCRYPT);
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, role, seller_id) VALUES (gen_random_uuid(), 'ops@bench.test', 'ops', $1, 'ops', NULL)`,
    [hash],
  );
  await db.query(
    `WITH s AS (
       INSERT INTO sellers (id, name) SELECT gen_random_uuid(), 'Bench small shop ' || n FROM generate_series(1, $1) AS n
       RETURNING id, name
     ), o AS (
       INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, buyer_email, paid_amount, currency,
                           created_at, updated_at)
       SELECT gen_random_uuid(), s.id, 'SS-' || substr(md5(s.name), 1, 6) || '-' || i,
              (ARRAY['processing', 'shipped', 'delivered', 'cancelled'])[1 + i % 4], 'Анна Смирнова', 'anna@example.test',
              1000, 'RUB', now() - (i * interval '36 hours') - (random() * interval '1 hour'), now() - (i * interval '36 hours')
       FROM s CROSS JOIN generate_series(1, 20) AS i
       RETURNING id, seller_id, posting_number, status, paid_amount, created_at
     ), l AS (
       INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount)
       SELECT id, 1, 'SKU-0001', 'Item', 1, paid_amount FROM o
     )
     INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                        deadline_at, decided_at, decided_by, decision_reason_id, created_at, updated_at)
     SELECT gen_random_uuid(), seller_id, id, posting_number,
            CASE WHEN status = 'cancelled' THEN 'approved' ELSE 'rejected' END, 'buyer', 'changed-mind',
            created_at + interval '72 hours', created_at + interval '2 hours', 'agent',
            CASE WHEN status = 'processing' THEN 'already-packed' END, created_at, created_at + interval '2 hours'
     FROM o WHERE status IN ('cancelled', 'processing')`,
    [count],
  );
}

/** The list tenant's orders, newest first, numbered from 1 (`i`): the histories take every n-th. */
const LIST_TENANT_ORDERS = `SELECT id, posting_number, created_at, row_number() OVER (ORDER BY created_at DESC) AS i
                              FROM orders WHERE seller_id = $1`;

/** An SQL `CASE` giving each state its share, in %, of the rows by `bucket` (0–99); the last state takes the rest. */
function statesByShare(bucket, shares) {
  let upTo = 0;
  const whens = shares.slice(0, -1).map(([state, percent]) => `WHEN ${bucket} < ${(upTo += percent)} THEN '${state}'`);
  return `CASE ${whens.join(' ')} ELSE '${shares.at(-1)[0]}' END`;
}

const CANCELLATION_SHARES = [
  ['awaiting_seller', 3],
  ['rejected', 15],
  ['auto_approved', 10],
  ['withdrawn', 3],
  ['approved', 69],
];

/**
 * The list tenant's cancellation history: one request for every fifth of its orders (200,000 at a million), as a
 * year of a shop's requests ends up — mostly decided: 3 % still awaiting the seller (deadlines in the coming 72 h,
 * so no timer fires during the bench), 69 % approved, 10 % auto-approved, 15 % rejected, 3 % withdrawn. Each tab of
 * the console's cancellations page is one of these states in its own order (docs/benchmarks.md, 48).
 */
export async function seedCancellationHistory(db, sellerId) {
  const { rowCount } = await db.query(
    `WITH o AS (${LIST_TENANT_ORDERS}), s AS (
       SELECT o.*, ${statesByShare('i / 5 % 100', CANCELLATION_SHARES)} AS state
       FROM o WHERE i % 5 = 0
     )
     INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                        deadline_at, decided_at, decided_by, decision_reason_id, created_at, updated_at)
     SELECT gen_random_uuid(), $1, id, posting_number, state, 'buyer', 'changed-mind',
            CASE WHEN state = 'awaiting_seller' THEN now() + interval '72 hours' - (i / 5) * interval '1 second'
                 ELSE created_at + interval '72 hours' END,
            CASE WHEN state IN ('approved', 'rejected') THEN created_at + (i % 4000) * interval '1 second'
                 WHEN state = 'auto_approved' THEN created_at + interval '72 hours' END,
            CASE WHEN state IN ('approved', 'rejected') THEN 'agent' WHEN state = 'auto_approved' THEN 'system' END,
            CASE WHEN state = 'rejected' THEN 'already-packed' END,
            CASE WHEN state = 'awaiting_seller' THEN now() - (i / 5) * interval '1 second' ELSE created_at END,
            CASE WHEN state = 'awaiting_seller' THEN now() - (i / 5) * interval '1 second'
                 ELSE created_at + interval '1 hour' END
     FROM s`,
    [sellerId],
  );
  return rowCount;
}

/**
 * A buyer return's snapshot as the domain writes it when the case opens (`ReturnCase.open`, from dist/libs/domain),
 * for the history's rows to copy with their own ids, states and times.
 */
function openedReturnSnapshot(domain) {
  const paid = { amount: 1000, currency: 'RUB' };
  const { returnCase } = domain.ReturnCase.open(
    {
      id: 'template',
      order: {
        id: 'template',
        sellerId: 'template',
        postingNumber: 'template',
        status: 'delivered',
        paid,
        lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: paid }],
      },
      type: 'buyer_return',
      lines: [{ sku: 'SKU-1', quantity: 1 }],
      reasonId: 'wrong-model',
      reason: { isDefect: false, isCommentRequired: false },
      decisionDeadlineHours: 48,
    },
    { kind: 'channel', id: 'bench' },
    new Date(),
  );
  const { version: _version, ...snapshot } = returnCase.toSnapshot();
  return snapshot;
}

const RETURN_SHARES = [
  ['requested', 2],
  ['compensation_offered', 1],
  ['approved', 2],
  ['in_transit', 3],
  ['received', 1],
  ['inspected', 1],
  ['arbitration', 1],
  ['rejected', 2],
  ['return_rejected', 1],
  ['refunded', 70],
  ['partially_refunded', 5],
  ['compensated', 5],
  ['closed', 6],
];

/**
 * The list tenant's return history: one buyer return for every tenth of its orders (100,000 at a million), most of
 * them over: 2 % requested and 1 % with a compensation offered (decision deadlines in the coming 48 h, so no timer
 * fires during the bench), 2 % approved, 3 % in transit, 1 % received, 1 % inspected, 4 % disputed or rejected, and
 * refunded, compensated or closed for the rest. Each tab of the console's returns page is some of these states in its
 * own order (docs/benchmarks.md, 49).
 */
export async function seedReturnHistory(db, domain, sellerId) {
  const { rowCount } = await db.query(
    `WITH o AS (${LIST_TENANT_ORDERS}), s AS (
       SELECT o.*, ${statesByShare('i / 10 % 100', RETURN_SHARES)} AS state
       FROM o WHERE i % 10 = 3
     ), r AS (
       SELECT s.*, gen_random_uuid() AS case_id,
              CASE WHEN state IN ('requested', 'compensation_offered')
                   THEN now() + interval '48 hours' - (i / 10) * interval '1 second' END AS due,
              CASE WHEN state IN ('requested', 'compensation_offered') THEN now() - (i / 10) * interval '1 second'
                   ELSE created_at + interval '1 day' + (i % 5000) * interval '1 second' END AS changed
       FROM s
     )
     INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, next_deadline_at, snapshot,
                               created_at, updated_at)
     SELECT case_id, $1, id, posting_number, 'buyer_return', state, due,
            $2::jsonb || jsonb_build_object('id', case_id, 'orderId', id, 'sellerId', $1::uuid, 'postingNumber',
                                            posting_number, 'state', state, 'decisionDeadlineAt', due,
                                            'createdAt', created_at, 'updatedAt', changed),
            created_at, changed
     FROM r`,
    [sellerId, JSON.stringify(openedReturnSnapshot(domain))],
  );
  return rowCount;
}
