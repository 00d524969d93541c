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

/**
 * The seeded rows' ids, made as the apps make them (docs/architecture.md "Ids"): a UUIDv7 of the moment the row is
 * written, so a seeded table's indexes by id are in the order its rows were written, as the apps' would be
 * (docs/benchmarks.md, 71). PostgreSQL 15 has no `uuidv7()`: `bench_id()` is the bench database's own function.
 */
const idsDefined = new WeakSet();
async function defineIds(db) {
  if (idsDefined.has(db)) return;
  await db.query(
    `CREATE OR REPLACE FUNCTION bench_id() RETURNS uuid LANGUAGE sql VOLATILE AS $$
       SELECT (lpad(to_hex(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
               || substr(replace(gen_random_uuid()::text, '-', ''), 14))::uuid $$`,
  );
  idsDefined.add(db);
}

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
  await defineIds(db);
  const { rows } = await db.query(
    `WITH o AS (
       INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, buyer_email, paid_amount, currency,
                           open_cancellation_id, created_at, updated_at)
       SELECT bench_id(), $1, $2 || '-' || i, $3, 'Иван Петров', 'ivan@example.test', 100000, 'RUB',
              CASE WHEN $4 THEN bench_id() END, now() - interval '1 hour', now() - interval '1 hour'
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
  await defineIds(db);
  const names = `ARRAY[${NAMES.map((n) => `'${n}'`).join(',')}]`;
  const surnames = `ARRAY[${SURNAMES.map((n) => `'${n}'`).join(',')}]`;
  const statuses = `ARRAY[${STATUSES.map((n) => `'${n}'`).join(',')}]`;
  await db.query(
    `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, buyer_email, paid_amount, currency,
                         created_at, updated_at)
     SELECT bench_id(), $1, 'LS-' || lpad(i::text, 8, '0'), (${statuses})[1 + i % ${STATUSES.length}],
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
  await defineIds(db);
  const hash = await persistence.hashPassword(password, persistence.DEFAULT_SCRYPT);
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, role, seller_id) VALUES (bench_id(), 'ops@bench.test', 'ops', $1, 'ops', NULL)`,
    [hash],
  );
  await db.query(
    `WITH s AS (
       INSERT INTO sellers (id, name) SELECT bench_id(), 'Bench small shop ' || n FROM generate_series(1, $1) AS n
       RETURNING id, name
     ), o AS (
       INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, buyer_email, paid_amount, currency,
                           created_at, updated_at)
       SELECT bench_id(), s.id, 'SS-' || substr(md5(s.name), 1, 6) || '-' || i,
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
     SELECT bench_id(), seller_id, id, posting_number,
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
  await defineIds(db);
  const { rowCount } = await db.query(
    `WITH o AS (${LIST_TENANT_ORDERS}), s AS (
       SELECT o.*, ${statesByShare('i / 5 % 100', CANCELLATION_SHARES)} AS state
       FROM o WHERE i % 5 = 0
     )
     INSERT INTO cancellation_requests (id, seller_id, order_id, posting_number, state, initiator, reason_id,
                                        deadline_at, decided_at, decided_by, decision_reason_id, created_at, updated_at)
     SELECT bench_id(), $1, id, posting_number, state, 'buyer', 'changed-mind',
            CASE WHEN state = 'awaiting_seller' THEN now() + interval '72 hours' - (i / 5) * interval '1 second'
                 ELSE created_at + interval '72 hours' END,
            CASE WHEN state IN ('approved', 'rejected') THEN created_at + (i % 4000) * interval '1 second'
                 WHEN state = 'auto_approved' THEN created_at + interval '72 hours' END,
            CASE WHEN state IN ('approved', 'rejected') THEN 'agent' WHEN state = 'auto_approved' THEN 'deadline' END,
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
  await defineIds(db);
  const { rowCount } = await db.query(
    `WITH o AS (${LIST_TENANT_ORDERS}), s AS (
       SELECT o.*, ${statesByShare('i / 10 % 100', RETURN_SHARES)} AS state
       FROM o WHERE i % 10 = 3
     ), r AS (
       SELECT s.*, bench_id() AS case_id,
              CASE WHEN state IN ('requested', 'compensation_offered')
                   THEN now() + interval '48 hours' - (i / 10) * interval '1 second' END AS due,
              CASE WHEN state IN ('requested', 'compensation_offered') THEN now() - (i / 10) * interval '1 second'
                   ELSE created_at + interval '1 day' + (i % 5000) * interval '1 second' END AS changed,
              -- the seller's decision, as seedHistory records it
              CASE WHEN state NOT IN ('requested', 'compensation_offered') THEN created_at + interval '12 hours' END AS decided
       FROM s
     )
     INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, next_deadline_at, snapshot,
                               created_at, updated_at)
     SELECT case_id, $1, id, posting_number, 'buyer_return', state, due,
            $2::jsonb || jsonb_build_object('id', case_id, 'orderId', id, 'sellerId', $1::uuid, 'postingNumber',
                                            posting_number, 'state', state, 'decisionDeadlineAt', due,
                                            'createdAt', created_at, 'updatedAt', changed, 'decidedAt', decided,
                                            'decidedBy', CASE WHEN decided IS NOT NULL THEN 'agent' END),
            created_at, changed
     FROM r`,
    [sellerId, JSON.stringify(openedReturnSnapshot(domain))],
  );
  return rowCount;
}

/** Each final order status's way there, one audit event a state (`Order`'s transitions in libs/domain). */
const ORDER_PATHS = {
  pending: ['pending'],
  processing: ['pending', 'processing'],
  shipped: ['pending', 'processing', 'shipped'],
  delivered: ['pending', 'processing', 'shipped', 'delivered'],
  cancelled: ['pending', 'processing', 'cancelled'],
  returned: ['pending', 'processing', 'shipped', 'delivered', 'returned'],
};
const ORDER_EVENT_TYPES = {
  pending: 'OrderCreated',
  processing: 'OrderProcessing',
  shipped: 'OrderShipped',
  delivered: 'OrderDelivered',
  cancelled: 'OrderCancelled',
  returned: 'OrderReturned',
};

const AGENT = `'{"kind":"user","id":"agent","name":"agent list"}'::jsonb`;

/**
 * The audit events of every case of `table` (alias `x`) of the seller: one row per `events` entry, `(type, from_state,
 * to_state, actor, at)` over the case's columns, left out where its type is NULL; in time order.
 */
async function insertCaseEvents(db, sellerId, caseType, table, events) {
  await defineIds(db);
  return db.query(
    `INSERT INTO audit_events (id, seller_id, case_type, case_id, order_id, type, from_state, to_state, actor, at)
     SELECT bench_id(), $1, '${caseType}', x.id, x.order_id, e.type, e.from_state, e.to_state, e.actor, e.at
       FROM ${table} x CROSS JOIN LATERAL (VALUES ${events.join(', ')}) AS e(type, from_state, to_state, actor, at)
      WHERE x.seller_id = $1 AND e.type IS NOT NULL
      ORDER BY e.at`,
    [sellerId],
  );
}

/**
 * The list tenant's audit history (docs/benchmarks.md, 55), as the domain would have written it: each order's way
 * to its status (one event a state, 15 minutes apart: an order's `updated_at` is an hour after its creation), each
 * cancellation request's opening and decision, each return case's opening and, past `requested`, the seller's
 * decision. About 3.5 events an order (3.5 million at a million), in time order, as `seq` would number them. The
 * dashboard (`GET /stats/seller`), the records' timelines (`GET /audit-events`) and ops' reports read them.
 */
export async function seedHistory(db, sellerId) {
  await defineIds(db);
  const paths = Object.entries(ORDER_PATHS)
    .map(([status, path]) => `('${status}', ARRAY[${path.map((state) => `'${state}'`).join(', ')}])`)
    .join(', ');
  const orders = await db.query(
    `INSERT INTO audit_events (id, seller_id, case_type, case_id, order_id, type, from_state, to_state, actor, at)
     SELECT bench_id(), $1::uuid, 'order', o.id, o.id, t.type, p.path[k - 1], p.path[k],
            jsonb_build_object('kind', CASE WHEN k = 1 THEN 'channel' ELSE 'user' END,
                               'id', CASE WHEN k = 1 THEN $1::uuid::text ELSE 'agent' END, 'name', 'agent list'),
            o.created_at + (k - 1) * interval '15 minutes'
       FROM orders o
       JOIN (VALUES ${paths}) AS p(status, path) ON p.status = o.status
      CROSS JOIN LATERAL generate_subscripts(p.path, 1) AS k
       JOIN (VALUES ${Object.entries(ORDER_EVENT_TYPES)
         .map(([state, type]) => `('${state}', '${type}')`)
         .join(', ')}) AS t(state, type) ON t.state = p.path[k]
      WHERE o.seller_id = $1::uuid
      ORDER BY o.created_at + (k - 1) * interval '15 minutes', k`,
    [sellerId],
  );
  const cancellations = await insertCaseEvents(db, sellerId, 'cancellation', 'cancellation_requests', [
    `('CancellationRequested', NULL, 'awaiting_seller', '{"kind":"channel"}'::jsonb, x.created_at)`,
    `(CASE x.state WHEN 'approved' THEN 'CancellationApproved' WHEN 'rejected' THEN 'CancellationRejected'
                   WHEN 'auto_approved' THEN 'CancellationAutoApproved' WHEN 'withdrawn' THEN 'CancellationWithdrawn' END,
      'awaiting_seller', x.state,
      CASE WHEN x.state = 'auto_approved' THEN '{"kind":"deadline","name":"deadline"}'::jsonb ELSE ${AGENT} END,
      coalesce(x.decided_at, x.updated_at))`,
  ]);
  const returns = await insertCaseEvents(db, sellerId, 'return', 'return_cases', [
    `('ReturnRequested', NULL, 'requested', '{"kind":"channel"}'::jsonb, x.created_at)`,
    `(CASE WHEN x.state IN ('requested', 'compensation_offered') THEN NULL
           WHEN x.state = 'rejected' THEN 'ReturnRejected' ELSE 'ReturnApproved' END,
      'requested', CASE WHEN x.state = 'rejected' THEN 'rejected' ELSE 'approved' END, ${AGENT},
      x.created_at + interval '12 hours')`,
  ]);
  return orders.rowCount + cancellations.rowCount + returns.rowCount;
}

/**
 * The list tenant's whole seed: `rows` orders, their cancellation and return histories and their audit history.
 * Returns the counts.
 */
export async function seedListTenant(db, domain, sellerId, rows) {
  await seedLargeOrderTable(db, sellerId, rows);
  const cancellations = await seedCancellationHistory(db, sellerId);
  const returns = await seedReturnHistory(db, domain, sellerId);
  const auditEvents = await seedHistory(db, sellerId);
  return { cancellations, returns, auditEvents };
}

/**
 * The timelines' records, from the middle of the list tenant's history (`rows` orders, one every 30 s): a delivered
 * order whose cancellation request the seller rejected (six events: four of the order, two of the request), and a
 * refunded return case (two).
 */
export async function historyIds(db, sellerId, rows) {
  const { rows: found } = await db.query(
    `WITH o AS (SELECT o.id AS order_id, c.id AS cancellation_id
                  FROM orders o JOIN cancellation_requests c ON c.order_id = o.id
                 WHERE o.seller_id = $1 AND o.status = 'delivered' AND c.state = 'rejected' AND o.created_at <= $2
                 ORDER BY o.created_at DESC LIMIT 1)
     SELECT o.order_id, o.cancellation_id,
            (SELECT id FROM return_cases WHERE seller_id = $1 AND state = 'refunded' AND created_at <= $2
              ORDER BY created_at DESC LIMIT 1) AS return_id
       FROM o`,
    [sellerId, new Date(Date.now() - (rows / 2) * 30_000)],
  );
  return { orderId: found[0].order_id, cancellationId: found[0].cancellation_id, returnId: found[0].return_id };
}
