// The orders list on the large table, and the cancellations and returns pages' tabs on their history (issue 10,
// docs/benchmarks.md): what `npm run bench` measures in its list phase, shared with `node tools/bench/lists-only.mjs`,
// which runs that phase alone.
import { summary } from './measure.mjs';

const PAGE = 25;

/**
 * The orders list as the console asks for it, every filter and sort it offers, and the cancellations and returns
 * pages' tabs, each with its total; then the other reads a page of the console makes over the list tenant's history
 * (docs/benchmarks.md, 55): the dashboard's figures, the timelines of `ids` (`historyIds`: an order, a cancellation
 * request, a return case) and ops' reports over every seller.
 */
export function listQueryCases(rows, ids) {
  const lastPage = Math.min(4000, Math.floor(rows / PAGE) - 1);
  return {
    'newest first': { sort: ['createdAt', 'DESC'] },
    'status filter (shipped), newest first': { filter: { status: 'shipped' }, sort: ['createdAt', 'DESC'] },
    'two statuses, newest first': { filter: { status: ['pending', 'processing'] }, sort: ['createdAt', 'DESC'] },
    'search: posting number': { filter: { q: 'LS-00012345' }, sort: ['createdAt', 'DESC'] },
    'search: buyer name': { filter: { q: 'анна смирнов' }, sort: ['createdAt', 'DESC'] },
    'search: sku': { filter: { q: 'SKU-0042' }, sort: ['createdAt', 'DESC'] },
    'sort by posting number': { sort: ['postingNumber', 'ASC'] },
    'sort by updatedAt': { sort: ['updatedAt', 'DESC'] },
    'sort by status': { sort: ['status', 'ASC'] },
    [`page ${lastPage}`]: { sort: ['createdAt', 'DESC'], page: lastPage },
    // the console's cancellations page: each tab a state filter in its own order (apps/console CancellationList)
    'cancellations, waiting: deadline first': {
      resource: 'cancellations',
      filter: { state: ['awaiting_seller'] },
      sort: ['deadlineAt', 'ASC'],
    },
    'cancellations, approved: last decided first': {
      resource: 'cancellations',
      filter: { state: ['approved', 'auto_approved'] },
      sort: ['decidedAt', 'DESC'],
    },
    'cancellations, approved: page 400': {
      resource: 'cancellations',
      filter: { state: ['approved', 'auto_approved'] },
      sort: ['decidedAt', 'DESC'],
      page: 400,
    },
    'cancellations, rejected: last decided first': {
      resource: 'cancellations',
      filter: { state: ['rejected'] },
      sort: ['decidedAt', 'DESC'],
    },
    'cancellations, withdrawn: newest first': {
      resource: 'cancellations',
      filter: { state: ['withdrawn', 'superseded'] },
      sort: ['createdAt', 'DESC'],
    },
    'cancellations, all: newest first': { resource: 'cancellations', sort: ['createdAt', 'DESC'] },
    // the console's returns page (apps/console ReturnList)
    'returns, to decide: deadline first': {
      resource: 'returns',
      filter: { state: ['requested', 'compensation_offered'] },
      sort: ['nextDeadlineAt', 'ASC'],
    },
    'returns, on the way: last changed first': {
      resource: 'returns',
      filter: { state: ['approved', 'in_transit'] },
      sort: ['updatedAt', 'DESC'],
    },
    'returns, to inspect: longest waiting first': {
      resource: 'returns',
      filter: { state: ['received'] },
      sort: ['updatedAt', 'ASC'],
    },
    'returns, disputed: last changed first': {
      resource: 'returns',
      filter: { state: ['arbitration', 'rejected', 'return_rejected'] },
      sort: ['updatedAt', 'DESC'],
    },
    'returns, closed: last changed first': {
      resource: 'returns',
      filter: { state: ['refunded', 'partially_refunded', 'compensated', 'closed'] },
      sort: ['updatedAt', 'DESC'],
    },
    'returns, closed: page 400': {
      resource: 'returns',
      filter: { state: ['refunded', 'partially_refunded', 'compensated', 'closed'] },
      sort: ['updatedAt', 'DESC'],
      page: 400,
    },
    // ops' console: the same pages over every seller (the list tenant, the workload tenant and 200 small sellers),
    // read seller by seller (docs/benchmarks.md, 50)
    'ops: orders, newest first': { as: 'ops', sort: ['createdAt', 'DESC'] },
    'ops: orders, shipped, newest first': { as: 'ops', filter: { status: 'shipped' }, sort: ['createdAt', 'DESC'] },
    'ops: orders, two statuses, newest first': {
      as: 'ops',
      filter: { status: ['pending', 'processing'] },
      sort: ['createdAt', 'DESC'],
    },
    'ops: orders, page 400': { as: 'ops', sort: ['createdAt', 'DESC'], page: 400 },
    'ops: cancellations, waiting: deadline first': {
      as: 'ops',
      resource: 'cancellations',
      filter: { state: ['awaiting_seller'] },
      sort: ['deadlineAt', 'ASC'],
    },
    'ops: cancellations, approved: last decided first': {
      as: 'ops',
      resource: 'cancellations',
      filter: { state: ['approved', 'auto_approved'] },
      sort: ['decidedAt', 'DESC'],
    },
    'ops: returns, closed: last changed first': {
      as: 'ops',
      resource: 'returns',
      filter: { state: ['refunded', 'partially_refunded', 'compensated', 'closed'] },
      sort: ['updatedAt', 'DESC'],
    },
    // the seller's dashboard (apps/console Dashboard) and a record's timeline (apps/console TimelinePanel: up to 200
    // events, oldest first)
    "dashboard: the seller's figures": { path: '/stats/seller' },
    'timeline: an order with its cancellation': timeline({ orderId: ids.orderId }),
    'timeline: a cancellation request': timeline({ caseType: 'cancellation', caseId: ids.cancellationId }),
    'timeline: a return case': timeline({ caseType: 'return', caseId: ids.returnId }),
    // ops' reports over every seller (apps/console ops pages)
    'ops: seller reliability': { as: 'ops', path: '/ops/sellers/reliability' },
    'ops: deadline breaches': { as: 'ops', path: '/ops/deadline-breaches' },
  };
}

/** The timeline panel's request: a record's audit events, oldest first, one page of 200. */
function timeline(filter) {
  return { resource: 'audit-events', filter, sort: ['at', 'ASC'], perPage: 200 };
}

/** Requests of each query in the warm-up pass, 4 clients (reported as `first`); `--quick` makes fewer. */
export const WARM_UP_ROUNDS = 40;

/**
 * The queries of `cases` with 4 clients, in two passes: a warm-up pass of `warmUp` requests of each, whose
 * p50/p95 are reported as `first` (the api not yet warm for the orders list — V8's optimisation, the heap's growth:
 * in a pass over the ten queries just after the api started, the first query cost the api twice the CPU it cost in
 * the next pass, docs/benchmarks.md, 40), then a pass of `rounds` requests of each, measured: p50/p95/p99, the total react-admin
 * reads from `Content-Range`, and the api's and PostgreSQL's CPU per request (`meter`, a CpuMeter). A p95 of 40
 * requests is their second slowest, hence 200 in the full bench. `tokens`: `{ seller, ops }`, the bearer tokens a case
 * asks with (its `as`, the seller's by default).
 */
export async function listQueries(http, tokens, meter, cases, rounds, log = () => undefined, warmUp = WARM_UP_ROUNDS) {
  const out = {};
  const paths = {};
  for (const [name, spec] of Object.entries(cases)) {
    const perPage = spec.perPage ?? PAGE;
    const start = (spec.page ?? 0) * perPage;
    const q = new URLSearchParams({
      sort: JSON.stringify(spec.sort),
      range: JSON.stringify([start, start + perPage - 1]),
      ...(spec.filter ? { filter: JSON.stringify(spec.filter) } : {}),
    });
    const path = spec.path ? `/api/v1${spec.path}` : `/api/v1/${spec.resource ?? 'orders'}?${q}`;
    const token = tokens[spec.as ?? 'seller'];
    const first = await http.request('GET', path, { token });
    // a page of a list (issue 10's list target), not a report, the dashboard or a timeline
    const page = !spec.path;
    if (first.status !== 200)
      out[name] = { error: `${first.status} ${JSON.stringify(first.body).slice(0, 200)}`, page };
    else {
      paths[name] = { path, token };
      // a list's total, or what a report or a timeline answered: how many rows
      const rows = Array.isArray(first.body) ? first.body.length : undefined;
      out[name] = { total: first.headers['content-range']?.split('/')[1] ?? rows ?? '', page };
    }
  }
  const requests = async ({ path, token }, count) => {
    let n = 0;
    const latencies = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (n < count) {
          n++;
          const s0 = process.hrtime.bigint();
          const answer = await http.request('GET', path, { token });
          if (answer.status === 200) latencies.push(Number(process.hrtime.bigint() - s0) / 1e6);
        }
      }),
    );
    return latencies;
  };
  for (const [name, path] of Object.entries(paths)) {
    const { p50, p95 } = summary(await requests(path, warmUp));
    out[name].first = { p50, p95 };
  }
  for (const [name, path] of Object.entries(paths)) {
    const before = await meter.snapshot();
    const latencies = await requests(path, rounds);
    const spent = await meter.since(before);
    Object.assign(out[name], {
      ...summary(latencies),
      apiCpuMs: round2((spent.api * 1000) / latencies.length),
      postgresCpuMs: round2((spent.postgres * 1000) / latencies.length),
      othersCpuMs: round2((spent.others * 1000) / latencies.length),
    });
    const o = out[name];
    log(
      `  ${name}: p50 ${o.p50} p95 ${o.p95} ms (warm-up pass: p50 ${o.first.p50} p95 ${o.first.p95}; total ${o.total}), CPU api ${o.apiCpuMs} / PostgreSQL ${o.postgresCpuMs} / others ${o.othersCpuMs} ms`,
    );
  }
  return out;
}

function round2(v) {
  return Math.round(v * 100) / 100;
}
