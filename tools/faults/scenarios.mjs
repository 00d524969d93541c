// The seven scenarios of issue 11. Each runs load, injects its faults, lets the system settle, checks the books.
import { setTimeout as sleep } from 'node:timers/promises';
import { Load, orderBody } from './load.mjs';
import { hostileInput } from './hostile.mjs';
import { until } from './services.mjs';

/**
 * Load on tenant a while `faults` runs; then the load stops, the system settles and the books are checked.
 * Returns { figures, problems }.
 */
async function underLoad(ctx, { clients = 5, stories, afterMs = 3000, settleMs = 120000 }, faults) {
  const api = ctx.newApi();
  const load = new Load(api, ctx.tenants.a, { clients, stories });
  ctx.unmatchedCodes ??= [];
  const t0 = Date.now();
  load.start();
  const injected = [];
  const problems = [];
  try {
    await faults({ api, load, injected, problems });
    await sleep(afterMs);
  } finally {
    await load.stop();
  }
  const loadMs = Date.now() - t0;
  const settled = await ctx.books.quiesce(settleMs);
  if (settled.left) problems.push(`did not settle in ${settleMs / 1000} s: ${JSON.stringify(settled.left)}`);
  ctx.unmatchedCodes.push(...load.unmatchedCodes);
  const books = await ctx.books.check({
    told: api.told,
    unmatchedCodes: ctx.unmatchedCodes,
    listUnmatched: () => listUnmatched(ctx, api),
  });
  problems.push(...books.problems, ...clientProblems(api));
  if (load.errors) problems.push(`${load.errors} load stories crashed: ${load.lastError}`);
  return {
    problems,
    figures: {
      load: `${load.clients} clients, ${(loadMs / 1000).toFixed(0)} s, ${api.stats.requests} requests (${api.stats.retries} retried), stories ${JSON.stringify(load.played)}`,
      faults: injected.join('; '),
      settledInMs: settled.ms,
      answers: api.stats.status,
      ...books.figures,
    },
  };
}

/** Nothing a client sends earns a 5xx other than 503, and a 503 says when to come back. */
function clientProblems(api) {
  const problems = [];
  for (const [status, n] of Object.entries(api.stats.status))
    if (Number(status) >= 500 && Number(status) !== 503) problems.push(`${n} answers with status ${status}`);
  if (api.stats.missingRetryAfter) problems.push(`${api.stats.missingRetryAfter} 503s without Retry-After`);
  return problems;
}

async function listUnmatched(ctx, api) {
  const codes = [];
  for (let from = 0; ; from += 500) {
    const range = encodeURIComponent(JSON.stringify([from, from + 499]));
    const filter = encodeURIComponent(JSON.stringify({ matched: false }));
    const page = await api.get(`/parcels?filter=${filter}&range=${range}`, ctx.tenants.a.agent);
    if (page.status !== 200) throw new Error(`GET /parcels: ${page.status}`);
    codes.push(...page.body.map((p) => p.code));
    if (page.body.length < 500) return codes;
  }
}

async function killWorker(ctx, worker, injected) {
  await worker.kill();
  injected.push(`${worker.name} SIGKILL`);
  ctx.log(`    ${worker.name} killed`);
}

export const SCENARIOS = [
  {
    title: '1. Worker SIGKILL mid-load, restarted; then two workers, one killed',
    async run(ctx) {
      return underLoad(ctx, {}, async ({ injected }) => {
        const [w1, w2] = ctx.workers;
        await sleep(5000);
        await killWorker(ctx, w1, injected);
        await sleep(2000);
        await ctx.startWorker(w1);
        await sleep(5000);
        await ctx.startWorker(w2);
        injected.push('second worker started');
        await sleep(3000);
        await killWorker(ctx, w1, injected);
        await sleep(4000);
        await ctx.startWorker(w1);
        await w2.stop();
        injected.push('second worker stopped (SIGTERM)');
      });
    },
  },
  {
    title: '2. Redis SIGKILL and restart with AOF; then Redis losing everything',
    async run(ctx) {
      return underLoad(ctx, { afterMs: 8000 }, async ({ api, injected, problems }) => {
        await sleep(5000);
        await ctx.redis.kill();
        injected.push('redis SIGKILL');
        await probeUnavailable(ctx, api, problems);
        await sleep(2000);
        await ctx.redis.start({ aof: true });
        injected.push('redis restarted from its AOF');
        await sleep(6000);
        ctx.redis.cli('FLUSHALL');
        await ctx.redis.kill();
        ctx.redis.wipe();
        injected.push('FLUSHALL, SIGKILL, data files removed');
        await sleep(2000);
        await ctx.redis.start({ aof: false });
        injected.push('redis restarted empty without AOF');
        await ctx.apiReady();
        await sleep(4000);
        ctx.redis.cli('CONFIG', 'SET', 'appendonly', 'yes');
      });
    },
  },
  {
    title: '3. PostgreSQL restarted mid-load: fast, then immediate shutdown',
    async run(ctx) {
      const result = await underLoad(ctx, { afterMs: 6000 }, async ({ api, injected, problems }) => {
        for (const mode of ['fast', 'immediate']) {
          await sleep(5000);
          ctx.postgres.stop(mode);
          injected.push(`postgres stopped (${mode})`);
          await probeUnavailable(ctx, api, problems);
          await sleep(2000);
          ctx.postgres.start();
          injected.push('postgres started');
        }
      });
      result.problems.push(...(await halfWritten(ctx)));
      return result;
    },
  },
  {
    title: '4. Payment adapter failing half its calls and timing out some',
    timeoutMs: 240000,
    async run(ctx) {
      const faulty = {
        PAYMENT_SIMULATOR_FAILURE_RATE: '0.5',
        PAYMENT_SIMULATOR_TIMEOUT_RATE: '0.25',
        PAYMENT_SIMULATOR_TIMEOUT_MS: '1500',
        // a refund's retries wait 0.1 s doubled per attempt (12.7 s over 8), not 0.5 s (63.5 s): what is checked is
        // that none is paid twice and every one ends paid, not how long the backoff is, and the scenario fits its budget
        JOB_BACKOFF_MS: '100',
      };
      const stories = ['cancelPending', 'sellerCancels', 'cancelApproved', 'returnRefundedWithoutGoods'];
      const before = ctx.books.calls().length;
      const result = await underLoad(ctx, { stories, afterMs: 15000, settleMs: 150000 }, async ({ injected }) => {
        await ctx.workers[0].stop();
        await ctx.startWorker(ctx.workers[0], faulty);
        injected.push('payment simulator: 50 % failures, 25 % timeouts (half of them after paying)');
      });
      const calls = ctx.books.calls().slice(before);
      if (!calls.some((c) => c.outcome === 'timeout-paid')) result.problems.push('no timeout that paid happened');
      // refunds that failed every attempt are visible and retryable: a person retries them once the adapter is well
      await ctx.workers[0].stop();
      await ctx.startWorker(ctx.workers[0]);
      const failed = (await ctx.db.query(`SELECT id FROM refunds WHERE state = 'failed'`)).rows;
      const api = ctx.newApi();
      for (const { id } of failed) {
        const answer = await api.command('agent', ctx.tenants.a.agent, `/refunds/${id}/retry`, {});
        if (answer.status !== 200) result.problems.push(`retry of failed refund ${id}: ${answer.status}`);
      }
      const settled = await ctx.books.quiesce(60000);
      if (settled.left) result.problems.push(`retries did not settle: ${JSON.stringify(settled.left)}`);
      const books = await ctx.books.check({ told: api.told });
      result.problems.push(...books.problems);
      const left = (await ctx.db.query(`SELECT count(*)::int AS n FROM refunds WHERE state <> 'succeeded'`)).rows[0].n;
      if (left) result.problems.push(`${left} refunds not succeeded after a retry`);
      result.figures.failedThenRetried = failed.length;
      result.figures.paymentCallsHere = calls.length;
      result.figures.faults += `; ${failed.length} refunds failed all attempts and were retried by an agent`;
      return result;
    },
  },
  {
    title: '5. Deadline timers lost and the clock past many deadlines',
    async run(ctx) {
      return deadlines(ctx);
    },
  },
  {
    title: '6. api SIGKILL while clients wait on commands',
    async run(ctx) {
      return underLoad(ctx, { afterMs: 5000 }, async ({ injected }) => {
        for (let round = 0; round < 2; round++) {
          await sleep(4000);
          await ctx.workers[0].signal('SIGSTOP');
          injected.push('worker paused (SIGSTOP) so that clients wait');
          await sleep(1500);
          await ctx.api.kill();
          injected.push('api SIGKILL');
          await ctx.workers[0].signal('SIGCONT');
          await ctx.startApi();
          injected.push('api restarted');
        }
      });
    },
  },
  {
    title: '7. Hostile input across every endpoint',
    async run(ctx) {
      return hostileInput(ctx);
    },
  },
];

/** While a backing service is down, commands answer 503 with Retry-After (the client's retries count the rest). */
async function probeUnavailable(ctx, api, problems) {
  const probe = await api.raw('POST', '/api/v1/orders', {
    credential: ctx.tenants.a.channel,
    body: orderBody(),
  });
  if (probe.status !== 503)
    problems.push(`while down: POST /orders answered ${probe.status} ${JSON.stringify(probe.body)}`);
  if (probe.status === 503 && !probe.headers.get('retry-after')) problems.push('503 without Retry-After');
}

/** No case half-written: every order has its lines, every approved cancellation its refund. */
async function halfWritten(ctx) {
  const row = (
    await ctx.db.query(`SELECT
      (SELECT count(*)::int FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)) AS bare_orders,
      (SELECT count(*)::int FROM cancellation_requests c WHERE c.state IN ('approved', 'auto_approved')
        AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.cause_id = c.id)) AS unrefunded,
      (SELECT count(*)::int FROM orders o WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.case_id = o.id AND a.type = 'OrderCreated')) AS unaudited`)
  ).rows[0];
  const problems = [];
  if (row.bare_orders) problems.push(`${row.bare_orders} orders without lines`);
  if (row.unrefunded) problems.push(`${row.unrefunded} approved cancellations without a refund`);
  if (row.unaudited) problems.push(`${row.unaudited} orders without their OrderCreated audit event`);
  return problems;
}

/**
 * Opens many requests and cases that wait for the seller, empties the deadline queue (the delayed timers are
 * lost), moves their deadlines an hour into the past (the clock past them), with two workers sweeping.
 */
async function deadlines(ctx) {
  const api = ctx.newApi();
  const load = new Load(api, ctx.tenants.a, { clients: 1 });
  const problems = [];
  const cancellations = [];
  const returns = [];
  const open = async () => {
    const order = await load.order('processing');
    if (!order) return;
    const request = await load.channel('/cancellations', { orderId: order.id, reasonId: 'changed-mind' });
    if (request.status === 201 && request.body.state === 'awaiting_seller') cancellations.push(request.body.id);
  };
  const openReturn = async () => {
    const order = await load.order('delivered');
    const opened = order && (await load.openReturn(order));
    if (opened) returns.push(opened.id);
  };
  for (let batch = 0; batch < 6; batch++)
    await Promise.all([open(), open(), open(), open(), openReturn(), openReturn()]);
  await ctx.books.quiesce(30000);
  const deadlineQueue = ctx.queues.find((q) => q.name === 'deadlines');
  const timers = await deadlineQueue.getJobCountByTypes('delayed');
  await deadlineQueue.obliterate({ force: true });
  await ctx.db.query(`UPDATE cancellation_requests SET deadline_at = now() - interval '1 hour' WHERE id = ANY($1)`, [
    cancellations,
  ]);
  await ctx.db.query(
    `UPDATE return_cases SET next_deadline_at = now() - interval '1 hour',
       snapshot = jsonb_set(snapshot, '{decisionDeadlineAt}', to_jsonb(to_char((now() - interval '1 hour') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
     WHERE id = ANY($1)`,
    [returns],
  );
  await ctx.startWorker(ctx.workers[1]);
  await until(
    'the sweeps to act on every passed deadline',
    async () =>
      (
        await ctx.db.query(
          `SELECT (SELECT count(*)::int FROM cancellation_requests WHERE id = ANY($1) AND state = 'awaiting_seller') +
                  (SELECT count(*)::int FROM return_cases WHERE id = ANY($2) AND state = 'requested') AS n`,
          [cancellations, returns],
        )
      ).rows[0].n === 0,
    60000,
    250,
  ).catch((error) => problems.push(error.message));
  const settled = await ctx.books.quiesce(60000);
  if (settled.left) problems.push(`did not settle: ${JSON.stringify(settled.left)}`);
  await ctx.workers[1].stop();
  const acted = (
    await ctx.db.query(
      `SELECT type, count(*)::int AS n FROM audit_events WHERE case_id = ANY($1) OR case_id = ANY($2) GROUP BY type`,
      [cancellations, returns],
    )
  ).rows;
  const auto = Object.fromEntries(acted.map((r) => [r.type, r.n]));
  if ((auto.CancellationAutoApproved ?? 0) !== cancellations.length)
    problems.push(`${cancellations.length} overdue requests, ${auto.CancellationAutoApproved ?? 0} auto-approvals`);
  if ((auto.ReturnAutoApproved ?? 0) !== returns.length)
    problems.push(`${returns.length} overdue return cases, ${auto.ReturnAutoApproved ?? 0} auto-approvals`);
  const books = await ctx.books.check({ told: api.told });
  problems.push(...books.problems, ...clientProblems(api));
  return {
    problems,
    figures: {
      load: `${cancellations.length} requests and ${returns.length} return cases waiting for the seller (${api.stats.requests} requests)`,
      faults: `${timers} delayed deadline jobs removed (queue obliterated), deadlines moved 1 h into the past, two workers sweeping`,
      autoApproved: auto,
      ...books.figures,
    },
  };
}
