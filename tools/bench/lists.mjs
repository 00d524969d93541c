// The orders list on the large table (issue 10, docs/benchmarks.md): what `npm run bench` measures in its list
// phase, shared with `node tools/bench/lists-only.mjs`, which runs that phase alone.
import { summary } from './measure.mjs';

const PAGE = 25;

/** The orders list as the console asks for it: every filter and sort it offers, each with its total. */
export function listQueryCases(rows) {
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
  };
}

/**
 * Each query of `cases` with 4 clients, `rounds` requests in all: p50/p95/p99, the total react-admin reads from
 * `Content-Range`, and the api's and PostgreSQL's CPU per request (`meter`, a CpuMeter).
 */
export async function listQueries(http, token, meter, cases, rounds, log = () => undefined) {
  const out = {};
  for (const [name, spec] of Object.entries(cases)) {
    const start = (spec.page ?? 0) * PAGE;
    const q = new URLSearchParams({
      sort: JSON.stringify(spec.sort),
      range: JSON.stringify([start, start + PAGE - 1]),
      ...(spec.filter ? { filter: JSON.stringify(spec.filter) } : {}),
    });
    const path = `/api/v1/orders?${q}`;
    const first = await http.request('GET', path, { token });
    if (first.status !== 200) {
      out[name] = { error: `${first.status} ${JSON.stringify(first.body).slice(0, 200)}` };
      continue;
    }
    const before = await meter.snapshot();
    let n = 0;
    const latencies = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (n < rounds) {
          n++;
          const s0 = process.hrtime.bigint();
          const answer = await http.request('GET', path, { token });
          if (answer.status === 200) latencies.push(Number(process.hrtime.bigint() - s0) / 1e6);
        }
      }),
    );
    const spent = await meter.since(before);
    out[name] = {
      total: first.headers['content-range']?.split('/')[1],
      ...summary(latencies),
      apiCpuMs: round2((spent.api * 1000) / latencies.length),
      postgresCpuMs: round2((spent.postgres * 1000) / latencies.length),
    };
    log(
      `  ${name}: p50 ${out[name].p50} p95 ${out[name].p95} ms (total ${out[name].total}), CPU api ${out[name].apiCpuMs} / PostgreSQL ${out[name].postgresCpuMs} ms`,
    );
  }
  return out;
}

function round2(v) {
  return Math.round(v * 100) / 100;
}
