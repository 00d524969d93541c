// `npm run bench -- --count`: what one approval (refund included) costs in round trips, counts that the machine's
// load does not distort. Approvals run one at a time on the idle stack, each followed until its refund succeeded;
// PostgreSQL logs every statement of the bench database (`log_statement = all` on that database only), Redis
// counts its commands (INFO commandstats), the worker its jobs (its metrics). An idle window as long as the
// approvals is counted the same way and subtracted: the relay's safety poll and the sweeps run meanwhile.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const LINE = /^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[(\d+)\] \S*@(\S+) LOG: {2}(?:statement|execute [^:]*): (.*)$/;

export async function countApprovals({ db, database, logFile, redis, metricsUrl, approve, refundSettled, ids, cpu }) {
  const apps = new Map();
  const watch = setInterval(() => void mapBackends(db, database, apps), 100);
  try {
    await mapBackends(db, database, apps);
    await sleep(2000);
    const before = await counters({ logFile, redis, metricsUrl });
    const cpuBefore = await cpu.snapshot();
    const t0 = Date.now();
    for (const id of ids) {
      const answer = await approve(id);
      if (answer.status !== 200) throw new Error(`approve ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
      const deadline = Date.now() + 30000;
      while (!(await refundSettled(id))) {
        if (Date.now() > deadline) throw new Error(`the refund of ${id} did not settle`);
        await sleep(10);
      }
    }
    const busyMs = Date.now() - t0;
    await sleep(300); // the last event's processed mark
    const after = await counters({ logFile, redis, metricsUrl });
    const cpuBusy = await cpu.since(cpuBefore);
    const cpuIdleStart = await cpu.snapshot();
    await sleep(busyMs + 300);
    const idle = await counters({ logFile, redis, metricsUrl });
    const cpuIdle = await cpu.since(cpuIdleStart);
    await mapBackends(db, database, apps);
    const busy = statementsBetween(logFile, before.logOffset, after.logOffset, database, apps);
    const quiet = statementsBetween(logFile, after.logOffset, idle.logOffset, database, apps);
    const n = ids.length;
    const per = (busyCount, quietCount) => Math.round(((busyCount - quietCount) / n) * 100) / 100;
    const byApp = {};
    for (const app of new Set([...Object.keys(busy.byApp), ...Object.keys(quiet.byApp)]))
      byApp[app] = per(busy.byApp[app] ?? 0, quiet.byApp[app] ?? 0);
    const statements = [];
    for (const [key, count] of Object.entries(busy.byText)) {
      const value = per(count, quiet.byText[key] ?? 0);
      if (value !== 0) statements.push({ perApproval: value, statement: key });
    }
    statements.sort((a, b) => a.statement.localeCompare(b.statement));
    // commands run inside BullMQ's scripts are counted too: `evalsha` is the round trip, the rest mostly its body
    const redisCommands = {};
    for (const name of Object.keys(idle.redisByCommand)) {
      const value = per(
        (after.redisByCommand[name] ?? 0) - (before.redisByCommand[name] ?? 0),
        (idle.redisByCommand[name] ?? 0) - (after.redisByCommand[name] ?? 0),
      );
      if (value !== 0) redisCommands[name] = value;
    }
    const jobs = {};
    for (const name of new Set([...Object.keys(after.jobs), ...Object.keys(before.jobs)])) {
      const value = per(
        (after.jobs[name] ?? 0) - (before.jobs[name] ?? 0),
        (idle.jobs[name] ?? 0) - (after.jobs[name] ?? 0),
      );
      if (value !== 0) jobs[name] = value;
    }
    // CPU of one approval at a time (the idle window's, scaled to the same length, subtracted): contention inflates
    // it much less than the loaded phases' figures
    const cpuMs = {};
    for (const group of ['api', 'worker', 'postgres', 'redis']) {
      const idleShare = (cpuIdle[group] * cpuBusy.wallSeconds) / cpuIdle.wallSeconds;
      cpuMs[group] = Math.round(((cpuBusy[group] - idleShare) * 100000) / n) / 100;
    }
    cpuMs.total = Math.round((cpuMs.api + cpuMs.worker + cpuMs.postgres + cpuMs.redis) * 100) / 100;
    return {
      approvals: n,
      busyMs,
      cpuMsPerApproval: cpuMs,
      statementsPerApproval: Object.values(byApp).reduce((s, v) => s + v, 0),
      statementsByProcess: byApp,
      transactionsPerApproval: per(busy.begins, quiet.begins),
      redisCommandsPerApproval: per(after.redis - before.redis, idle.redis - after.redis),
      redisCommands,
      jobsPerApproval: Object.values(jobs).reduce((s, v) => s + v, 0),
      jobs,
      statements,
    };
  } finally {
    clearInterval(watch);
  }
}

async function mapBackends(db, database, apps) {
  const { rows } = await db
    .query(`SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1`, [database])
    .catch(() => ({ rows: [] }));
  for (const { pid, application_name } of rows) apps.set(String(pid), application_name || 'unnamed');
}

async function counters({ logFile, redis, metricsUrl }) {
  const stats = await redis.info('commandstats');
  let calls = 0;
  const byCommand = {};
  for (const [, command, n] of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    if (command !== 'info' && command !== 'client|setname' && command !== 'client|list') {
      calls += Number(n);
      byCommand[command] = Number(n);
    }
  const text = await (await fetch(metricsUrl)).text();
  const jobs = {};
  for (const [, labels, n] of text.matchAll(/^aftersale_job_duration_seconds_count\{([^}]*)\} (\d+)/gm)) {
    const name = labels.match(/name="([^"]+)"/)?.[1] ?? '?';
    jobs[name] = (jobs[name] ?? 0) + Number(n);
  }
  return { logOffset: statSync(logFile).size, redis: calls, redisByCommand: byCommand, jobs };
}

function statementsBetween(logFile, from, to, database, apps) {
  const buffer = Buffer.alloc(to - from);
  const fd = openSync(logFile, 'r');
  readSync(fd, buffer, 0, buffer.length, from);
  closeSync(fd);
  const byApp = {};
  const byText = {};
  let begins = 0;
  for (const line of buffer.toString('utf8').split('\n')) {
    const m = LINE.exec(line);
    if (!m || m[2] !== database) continue;
    const app = apps.get(m[1]) ?? 'unnamed';
    if (app === 'bench') continue;
    byApp[app] = (byApp[app] ?? 0) + 1;
    const text = m[3].replace(/\s+/g, ' ').trim();
    if (/^(BEGIN|START TRANSACTION)/i.test(text)) begins++;
    const key = `${app}: ${text.slice(0, 110)}`;
    byText[key] = (byText[key] ?? 0) + 1;
  }
  return { byApp, byText, begins };
}
