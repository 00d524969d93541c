// docs/benchmarks.md: the part between the markers is the last run's figures (rewritten by each run); the rest,
// what was changed and each change's before/after, is written by hand and kept. docs/benchmarks.json: the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WARM_UP_ROUNDS } from './lists.mjs';

const OPEN = '<!-- bench results -->';
const CLOSE = '<!-- /bench results -->';

export function writeReport(root, r) {
  const v = r.versions;
  const m = r.machine;
  const lines = [
    `Last run: ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (`--quick`)' : ''}, commit ${v.commit}, ${r.seconds} s in all. ` +
      `${m.cores} cores (${m.cpu}), ${m.memoryGb} GB; load average before ${m.load.join(' / ')}, after ${m.loadAfter.join(' / ')}. ` +
      `Node ${v.node}, PostgreSQL ${v.postgres}, Redis ${v.redis}, BullMQ ${v.bullmq}, TypeORM ${v.typeorm}, NestJS ${v.nest}. ` +
      `${r.clients} clients in flight.`,
    '',
    '### Ceiling (same run)',
    '',
    '| | per second | p50 ms | p99 ms |',
    '| --- | --- | --- | --- |',
    `| X: PostgreSQL, one command's statements alone | ${r.ceiling.postgres.perSecond} | ${r.ceiling.postgres.latency.p50} | ${r.ceiling.postgres.latency.p99} |`,
    `| Y: BullMQ request-reply, no-op processor | ${r.ceiling.bullmq.perSecond} | ${r.ceiling.bullmq.latency.p50} | ${r.ceiling.bullmq.latency.p99} |`,
    `| ceiling 1/(1/X + 1/Y) | ${r.ceiling.pipeline} | | |`,
    ...(r.ceiling.pooled
      ? [
          `| X on ${r.ceiling.pooled.connections} connections (the worker's pool), the same ${r.clients} in flight | ${r.ceiling.pooled.postgres.perSecond} | ${r.ceiling.pooled.postgres.latency.p50} | ${r.ceiling.pooled.postgres.latency.p99} |`,
          `| its ceiling with Y | ${r.ceiling.pooled.pipeline} | | |`,
        ]
      : []),
    ...(r.ceilingAfter
      ? [
          `| X again, right after the approvals alone | ${r.ceilingAfter.postgres.perSecond} | ${r.ceilingAfter.postgres.latency.p50} | ${r.ceilingAfter.postgres.latency.p99} |`,
          `| Y again, right after the approvals alone | ${r.ceilingAfter.bullmq.perSecond} | ${r.ceilingAfter.bullmq.latency.p50} | ${r.ceilingAfter.bullmq.latency.p99} |`,
          `| their ceiling | ${r.ceilingAfter.pipeline} | | |`,
        ]
      : []),
    '',
    `**ratio e2e/ceiling: ${r.ratio}** (approvals alone, refund included, over the ceiling)` +
      (r.ceiling.pooled
        ? `; over the ceiling with X on ${r.ceiling.pooled.connections} connections: ${r.ratioPooled}`
        : '') +
      (r.ceilingAfter ? `; over the ceiling measured again right after the approvals: ${r.ratioAfter}` : ''),
    '',
    '### Targets in this run',
    '',
    '| target (issue 10) | this run | met |',
    '| --- | --- | --- |',
    ...(r.targets ?? []).map((t) => `| ${t.target} | ${t.figure.replace(/\|/g, '/')} | ${t.met ? 'yes' : 'no'} |`),
    '',
    ...(r.p99Reach ? [r.p99Reach.sentence, ''] : []),
    '### Commands and pages over HTTP',
    '',
    `Workload mix: ${r.mix.map((x) => `${x.clients} × ${x.op}`).join(', ')}. Then each alone with ${r.clients} clients. ` +
      'CPU is charged per command (per request for a list phase) over the phase and, for approvals, until their refunds settled; ' +
      'messages are the write system calls of the api, the worker and Redis, per command likewise; ' +
      'WAL is what PostgreSQL logged per command, read from the WAL (pg_walinspect): records, whole pages copied in (the first change to a page after a checkpoint) and kB; "(counted)" where it came from pg_stat_wal instead, a second late.',
    '',
    '| phase | operation | per second | p50 ms | p95 ms | p99 ms | CPU ms: api | worker | PostgreSQL | Redis | total | messages: api / worker / Redis | WAL: records / pages / kB | statuses |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const phaseRows = (name, phase) => {
    const c = phase.cpuMsPer ?? {};
    const w = phase.writesPer;
    const messages = w ? `${w.api} / ${w.worker} / ${w.redis}` : '';
    const v = phase.walPer;
    const wal = v ? `${v.records} / ${v.fullPages} / ${v.kB}${v.counted ? ' (counted)' : ''}` : '';
    return Object.entries(phase.ops).map(
      ([op, o], i) =>
        `| ${i === 0 ? name : ''} | ${op}${o.exhausted ? ' (seed used up)' : ''} | ${o.perSecond} | ${o.p50} | ${o.p95} | ${o.p99} | ` +
        (i === 0
          ? `${c.api} | ${c.worker} | ${c.postgres} | ${c.redis} | ${c.total} | ${messages} | ${wal}`
          : ' | | | | | | ') +
        ` | ${Object.entries(o.status)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')} |`,
    );
  };
  for (const [name, phase] of Object.entries(r.phases)) lines.push(...phaseRows(name, phase));
  for (const [name, phase] of Object.entries(r.scale ?? {})) lines.push(...phaseRows(name, phase));
  lines.push('', '### Approval → refund `succeeded` (payment simulator latency 50 ms)', '');
  lines.push(
    '| phase | approvals | refunds succeeded | p50 ms | p95 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const [name, phase] of [...Object.entries(r.phases), ...Object.entries(r.scale ?? {})]) {
    const f = phase.refunds;
    if (f) lines.push(`| ${name} | ${f.approvals} | ${f.succeeded} | ${f.p50} | ${f.p95} | ${f.max} |`);
  }
  lines.push(
    '',
    `### Lists, ${r.settings.listRows.toLocaleString('en')} orders of one seller${r.listCancellations ? `, ${r.listCancellations.toLocaleString('en')} cancellations and ${(r.listReturns ?? 0).toLocaleString('en')} returns` : ''}${r.listAuditEvents ? ` with ${r.listAuditEvents.toLocaleString('en')} audit events` : ''}, 4 clients, page of 25 with the total`,
    '',
    `A warm-up pass of ${r.settings.listWarmUp ?? WARM_UP_ROUNDS} requests of each query (its p50 and p95 under "warm-up pass"), then ${r.settings.listRounds} of each, measured. Other CPU: the machine's busy time less the processes measured and the bench client (PostgreSQL's background processes, the kernel's threads). The dashboard, the timelines (up to 200 events) and ops' reports are not pages of 25: their "total" is the rows they answered.`,
    '',
    '| query | total | p50 ms | p95 ms | api CPU ms | PostgreSQL CPU ms | other CPU ms | warm-up pass: p50 ms | p95 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [name, q] of Object.entries(r.lists)) {
    if (q.error) lines.push(`| ${name} | error: ${q.error.replace(/\|/g, '/')} | | | | | | | |`);
    else
      lines.push(
        `| ${name} | ${q.total} | ${q.p50} | ${q.p95} | ${q.apiCpuMs} | ${q.postgresCpuMs} | ${q.othersCpuMs ?? ''} | ${q.first?.p50 ?? ''} | ${q.first?.p95 ?? ''} |`,
      );
  }
  const ip = r.inProcess;
  lines.push('', '### Without HTTP and the queue', '');
  if (ip.error) lines.push(`In-process approvals: not measured (${ip.error.split('\n')[0]}).`);
  else
    lines.push(
      `The same approval run in-process (the worker's handler called directly, the command row inserted first), ${r.clients} at once: ` +
        `${ip.perSecond}/s${ip.usedUp ? ' (seed used up before the time)' : ''}, p50 ${ip.latency.p50} ms, p99 ${ip.latency.p99} ms; CPU per approval ${ip.cpuMsPer.process} ms in the process, ` +
        `${ip.cpuMsPer.postgres} ms in PostgreSQL (the refund is not executed here: the jobs it publishes go to queues of ` +
        `their own, which no worker takes). Over HTTP and the queue, refund included: ` +
        `${r.phases.approve?.ops.approve?.perSecond}/s, ${r.phases.approve?.cpuMsPer?.total ?? '?'} ms of CPU in all.`,
    );
  lines.push(...memoryLines(r));

  const file = join(root, 'docs', 'benchmarks.md');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${OPEN}\n${CLOSE}\n`;
  if (!text.includes(OPEN) || !text.includes(CLOSE)) text = `${text.trimEnd()}\n\n${OPEN}\n${CLOSE}\n`;
  const before = text.slice(0, text.indexOf(OPEN) + OPEN.length);
  const after = text.slice(text.indexOf(CLOSE));
  writeFileSync(file, `${before}\n\n${lines.join('\n')}\n\n${after}`);
  writeFileSync(join(root, 'docs', 'benchmarks.json'), `${JSON.stringify(r, null, 2)}\n`);
  spawnSync('npx', ['prettier', '--write', '--log-level=warn', file, join(root, 'docs', 'benchmarks.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}

/** The resident sets: idle, the start and logins (VmHWM then), the load phases' and the lists' peak VmRSS, VmHWM. */
export function memoryLines(r) {
  const m = r.memory;
  const row = (name, x) =>
    `| ${name} | ${x.idle} | ${x.startAndLoginsPeak} | ${x.loadPhasesPeak} | ${x.listsPeak ?? ''} | ${x.hwm} |`;
  const phases = Object.entries(r.phases)
    .filter(([, phase]) => phase.rssPeakMb)
    .map(([name, phase]) => `${name} ${phase.rssPeakMb.api} / ${phase.rssPeakMb.worker}`);
  return [
    '',
    '### Resident memory (MB)',
    '',
    'VmRSS sampled every 100 ms; VmHWM is the peak since the process started, logins (scrypt) included.',
    '',
    '| process | idle after start | VmHWM after start and logins | peak VmRSS, workload and each alone | peak VmRSS, lists | VmHWM at the end |',
    '| --- | --- | --- | --- | --- | --- |',
    row('api', m.api),
    row('worker', m.worker),
    '',
    `Peak VmRSS per phase (api / worker): ${phases.join('; ')}.`,
  ];
}
