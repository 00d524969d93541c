// The books: after a scenario, what PostgreSQL, the queues and the payment simulator's call log hold is
// compared with what the clients were told.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Audit event types a case may carry more than once (attempts, offers); every other transition happens once. */
const REPEATABLE = new Set([
  'RefundAttemptStarted',
  'RefundFailed',
  'RefundRetryRequested',
  'CompensationOffered',
  'CompensationExpired',
  'CompensationDeclined',
  'MessagePosted',
]);

export const QUEUES = ['orders', 'cancellations', 'returns', 'events', 'refunds', 'deadlines'];

export class Books {
  constructor({ db, queues, callLog }) {
    this.db = db;
    this.queues = queues;
    this.callLogFile = callLog;
  }

  async one(sql, params = []) {
    return (await this.db.query(sql, params)).rows[0];
  }

  /** What is still in flight: commands accepted, refunds unpaid, events unprocessed, jobs waiting or running. */
  async inFlight() {
    const row = await this.one(`SELECT
      (SELECT count(*)::int FROM commands WHERE state = 'accepted') AS commands,
      (SELECT count(*)::int FROM refunds WHERE state IN ('pending', 'processing')) AS refunds,
      (SELECT count(*)::int FROM outbox WHERE processed_at IS NULL) AS events`);
    let jobs = 0;
    const byQueue = {};
    for (const queue of this.queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      jobs += n;
      if (n > 0) byQueue[queue.name] = counts;
    }
    return { ...row, jobs, byQueue };
  }

  /** Waits until nothing is in flight (bounded); returns how long it took, or what was left. */
  async quiesce(timeoutMs = 120000) {
    const started = Date.now();
    let last;
    while (Date.now() - started < timeoutMs) {
      try {
        last = await this.inFlight();
        if (last.commands + last.refunds + last.events + last.jobs === 0) return { ms: Date.now() - started };
      } catch (error) {
        last = { error: String(error.message) };
      }
      await sleep(250);
    }
    return { ms: Date.now() - started, left: last };
  }

  /** The call log's records, in the order they were written (`callLog` says how torn ones are left out). */
  calls() {
    return this.callLog().records;
  }

  /**
   * The call log, one record per `pay` call. A worker SIGKILLed inside its append can leave a torn record (Linux cuts
   * a write to a file short at a page boundary when a fatal signal is pending), and the next process's record then
   * follows it on the same line: records are split where one starts (the simulator writes `at` first), and a piece
   * that does not parse is counted in `torn`. A torn first payment is still in the provider's ledger, which the check
   * reads first; a torn `already-paid` repeat would go uncounted.
   */
  callLog() {
    const log = { records: [], torn: 0 };
    if (!existsSync(this.callLogFile)) return log;
    for (const piece of readFileSync(this.callLogFile, 'utf8').split(/\n|(?=\{"at":)/)) {
      if (!piece) continue;
      try {
        log.records.push(JSON.parse(piece));
      } catch {
        log.torn += 1;
      }
    }
    return log;
  }

  /**
   * Every check of the issue; returns { checked: {...figures}, problems: [strings] }. `told` is the list
   * of answers the clients got (Api.told), `unmatchedCodes` the parcels that must stay listed.
   */
  async check({ told, unmatchedCodes = [], listUnmatched }) {
    const problems = [];
    const figures = {};

    // 1. Every 200/201/202 answer is one command, done; the 200/201s succeeded.
    const keys = told.map((t) => t.key);
    const rows = keys.length
      ? (
          await this.db.query(
            `SELECT idempotency_key, state, type, resource_id, result, problem FROM commands WHERE idempotency_key = ANY($1)`,
            [keys],
          )
        ).rows
      : [];
    const byKey = new Map();
    for (const row of rows) byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row]);
    for (const t of told) {
      const found = byKey.get(t.key) ?? [];
      if (found.length !== 1) problems.push(`${t.path} (${t.status}) key ${t.key}: ${found.length} command rows`);
      else if (t.status !== 202 && found[0].state !== 'succeeded')
        problems.push(`${t.path} answered ${t.status} but its command is ${found[0].state}`);
      else if (found[0].state === 'accepted') problems.push(`${t.path} answered 202 and its command is still accepted`);
      else if (t.status === 202 && t.final === undefined)
        problems.push(`${t.path}: the client never saw its 202 settle`);
      else if (!sameOutcome(t.status === 202 ? t.final : t, found[0]))
        problems.push(
          `${t.path} key ${t.key}: the client was told ${JSON.stringify(t.body).slice(0, 120)}, the command says otherwise`,
        );
    }
    figures.commandsChecked = told.length;
    figures.answered202 = told.filter((t) => t.status === 202).length;
    figures.retriedWithSameKey = told.filter((t) => t.attempts > 1).length;

    // 2. Exactly once: no transition twice on one case.
    const dupes = (
      await this.db.query(
        `SELECT type, case_id, count(*)::int AS n FROM audit_events WHERE NOT (type = ANY($1)) GROUP BY type, case_id HAVING count(*) > 1`,
        [[...REPEATABLE]],
      )
    ).rows;
    for (const d of dupes) problems.push(`audit: ${d.type} ${d.n} times on case ${d.case_id}`);
    const succeeded = await this.one(
      `SELECT count(*)::int AS n FROM commands c WHERE c.state = 'succeeded' AND c.type <> 'PostMessage' AND c.resource_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id::text = c.resource_id OR a.order_id::text = c.resource_id)
       AND c.type NOT IN ('ReceiveParcel', 'RecordParcelCondition', 'AssignParcel')`,
    );
    if (succeeded.n > 0) problems.push(`${succeeded.n} succeeded commands left no audit event on their resource`);
    figures.auditEvents = (await this.one(`SELECT count(*)::int AS n FROM audit_events`)).n;
    // one order per create answered 201
    const created = told.filter((t) => t.path === '/orders' && t.final?.status !== 409 && t.status !== 202).length;
    const postingNumbers = told.filter((t) => t.path === '/orders').map((t) => t.body_sent.postingNumber);
    const orders = postingNumbers.length
      ? (await this.one(`SELECT count(*)::int AS n FROM orders WHERE posting_number = ANY($1)`, [postingNumbers])).n
      : 0;
    if (orders !== postingNumbers.length)
      problems.push(`${postingNumbers.length} orders created per the answers, ${orders} in the database`);
    figures.ordersCreated = created;

    // 3. No refund cause paid twice: the provider's ledger holds each key it paid once (its first payment,
    // even when the worker was killed between the payment and its log line); the call log adds every later
    // call that found the key paid ('already-paid'), which a real provider might have paid again.
    const { records: calls, torn } = this.callLog();
    const paid = new Map();
    const ledgerRows = (
      await this.db.query(
        `SELECT p.idempotency_key, r.order_id, p.amount FROM simulated_payments p
         LEFT JOIN refunds r ON r.idempotency_key = p.idempotency_key WHERE p.status = 'succeeded'`,
      )
    ).rows;
    for (const row of ledgerRows) paid.set(row.idempotency_key, 1);
    for (const call of calls) {
      if (call.outcome === 'already-paid') paid.set(call.idempotencyKey, (paid.get(call.idempotencyKey) ?? 0) + 1);
    }
    for (const [key, n] of paid) if (n > 1) problems.push(`refund ${key} paid by ${n} calls`);
    figures.paymentCalls = calls.length;
    if (torn) figures.tornCallRecords = torn;
    figures.paymentCallOutcomes = countBy(calls, (c) => c.outcome);
    const refunds = (await this.db.query(`SELECT id, order_id, state, amount, idempotency_key FROM refunds`)).rows;
    figures.refunds = countBy(refunds, (r) => r.state);
    for (const refund of refunds) {
      const n = paid.get(refund.idempotency_key) ?? 0;
      if (refund.state === 'succeeded' && n !== 1)
        problems.push(`refund ${refund.id} succeeded with ${n} paying calls`);
      if (refund.state !== 'succeeded' && n !== 0)
        problems.push(`refund ${refund.id} is ${refund.state} but the adapter paid it (${n} calls)`);
      if (refund.state === 'pending' || refund.state === 'processing')
        problems.push(`refund ${refund.id} left ${refund.state}`);
    }

    // 4. No order refunded beyond what was paid; the order's figure is the sum of its paid refunds.
    const over = (
      await this.db.query(`SELECT o.id, o.paid_amount, o.refunded_amount,
        COALESCE((SELECT sum(amount) FROM refunds r WHERE r.order_id = o.id AND r.state = 'succeeded'), 0)::bigint AS succeeded
        FROM orders o`)
    ).rows;
    const ledgerByOrder = new Map();
    for (const row of ledgerRows)
      ledgerByOrder.set(row.order_id, (ledgerByOrder.get(row.order_id) ?? 0) + Number(row.amount));
    for (const o of over) {
      const ledger = ledgerByOrder.get(o.id) ?? 0;
      if (Number(o.refunded_amount) > Number(o.paid_amount)) problems.push(`order ${o.id} refunded beyond paid`);
      if (Number(o.refunded_amount) !== Number(o.succeeded))
        problems.push(`order ${o.id}: refunded ${o.refunded_amount}, succeeded refunds ${o.succeeded}`);
      if (ledger > Number(o.paid_amount))
        problems.push(`order ${o.id}: the adapter paid ${ledger} of ${o.paid_amount}`);
    }

    // 5. Nothing stalled or left accepted (a job picked up a moment ago is given a few seconds).
    let flight = await this.inFlight();
    for (let i = 0; i < 20 && flight.commands + flight.events + flight.jobs > 0; i++) {
      await sleep(500);
      flight = await this.inFlight();
    }
    if (flight.commands) problems.push(`${flight.commands} commands left accepted`);
    if (flight.events) problems.push(`${flight.events} outbox events left unprocessed`);
    if (flight.jobs) problems.push(`${flight.jobs} jobs left waiting or active: ${JSON.stringify(flight.byQueue)}`);

    // 6. Every unmatched parcel still listed.
    if (unmatchedCodes.length) {
      const listed = new Set(await listUnmatched());
      const missing = unmatchedCodes.filter((code) => !listed.has(code));
      if (missing.length) problems.push(`${missing.length} unmatched parcels not listed (${missing.slice(0, 3)})`);
    }
    figures.unmatchedParcels = unmatchedCodes.length;

    // 7. Every deadline that passed was acted on (the sweep runs every second here).
    const overdue = await this.one(`SELECT
      (SELECT count(*)::int FROM cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at < now() - interval '10 seconds') AS cancellations,
      (SELECT count(*)::int FROM return_cases WHERE next_deadline_at < now() - interval '10 seconds') AS returns`);
    if (overdue.cancellations) problems.push(`${overdue.cancellations} cancellation deadlines passed unanswered`);
    if (overdue.returns) problems.push(`${overdue.returns} return deadlines passed unanswered`);

    return { figures, problems };
  }
}

/** What the client acted on matches the command's recorded outcome (the same record, or the same problem). */
function sameOutcome(answer, row) {
  if (!answer) return false;
  if (row.state === 'succeeded') {
    const told = answer.body?.parcel?.id ?? answer.body?.id;
    const recorded = row.result?.parcel?.id ?? row.result?.id;
    return answer.status < 300 && told === recorded;
  }
  return answer.status >= 400 && answer.body?.code === row.problem?.code;
}

function countBy(items, key) {
  const out = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
