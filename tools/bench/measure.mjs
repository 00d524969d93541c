// What the bench reads from the machine: CPU seconds and resident memory of processes (/proc), latencies, and a small
// keep-alive HTTP client (node:http, cheaper per request than fetch, so the client takes less of the machine).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

const TICKS = 100; // USER_HZ on Linux

/** utime + stime of one process, in seconds; 0 when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/**
 * System calls that read and that write, of one process and its threads (`/proc/<pid>/io`: `syscr`, `syscw`); 0 when
 * it is gone. Node's and Redis's socket messages are `read`/`write`/`writev` calls, so the writes count the messages a
 * process sent (PostgreSQL's backends answer with `send`, which this does not count).
 */
export function ioCalls(pid) {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (name) => Number(io.match(new RegExp(`^${name}: (\\d+)$`, 'm'))?.[1] ?? 0);
    return { reads: field('syscr'), writes: field('syscw') };
  } catch {
    return { reads: 0, writes: 0 };
  }
}

/** The machine's busy CPU seconds since boot, all processes and the kernel (/proc/stat: all but idle and iowait). */
export function machineBusySeconds() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS;
}

/** A line of /proc/<pid>/status in MB: VmRSS (the resident set now) or VmHWM (its peak since the start); 0 when gone. */
export function statusMb(pid, field) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** VmHWM: the process's peak resident set since it started, in MB. */
export const peakRssMb = (pid) => statusMb(pid, 'VmHWM');

/**
 * VmRSS of the api(s) and the worker(s), sampled every `everyMs`: the peak of each group over a window (a phase),
 * which VmHWM cannot give — it keeps the highest resident set since the start, a login's scrypt buffer included
 * (docs/benchmarks.md "What it does").
 */
export class RssSampler {
  constructor(groups, everyMs = 100) {
    /** () => { api: [pid…], worker: [pid…] } */
    this.groups = groups;
    this.peaks = {};
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample() {
    for (const [name, pids] of Object.entries(this.groups()))
      for (const pid of pids) this.peaks[name] = Math.max(this.peaks[name] ?? 0, statusMb(pid, 'VmRSS'));
  }

  /** The highest VmRSS of one process of each group since the last call (the sample now included); starts a new window. */
  window() {
    this.sample();
    const peaks = this.peaks;
    this.peaks = {};
    return peaks;
  }

  stop() {
    clearInterval(this.timer);
  }
}

export function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    load: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summary(latenciesMs) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? null),
  };
}

/**
 * CPU of the processes a phase is charged with: api(s), worker(s), Redis, and the PostgreSQL backends serving
 * the bench database (not the bench's own connections, which carry application_name=bench).
 */
export class CpuMeter {
  constructor({ db, database, groups }) {
    this.db = db;
    this.database = database;
    /** { api: [pid…], worker: [pid…], redis: [pid], bench: [process.pid] } */
    this.groups = groups;
  }

  async backendPids() {
    const { rows } = await this.db.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND coalesce(application_name, '') <> 'bench'`,
      [this.database],
    );
    return rows.map((r) => r.pid);
  }

  async snapshot() {
    const pg = {};
    for (const pid of await this.backendPids()) pg[pid] = cpuSeconds(pid);
    const groups = {};
    const writes = {};
    for (const [name, pids] of Object.entries(this.groups())) {
      groups[name] = pids.reduce((s, p) => s + cpuSeconds(p), 0);
      writes[name] = pids.reduce((s, p) => s + ioCalls(p).writes, 0);
    }
    // the WAL the cluster wrote, which during a phase only the bench database writes to: its records, the whole pages
    // copied into it (the first change to a page after a checkpoint), its bytes (docs/benchmarks.md, 70). Where the
    // WAL ends now, to read what a phase wrote (`walBetween`); the counters in case it cannot be read.
    const {
      rows: [wal],
    } = await this.db.query(
      'SELECT wal_records, wal_fpi, wal_bytes, pg_current_wal_insert_lsn()::text AS lsn FROM pg_stat_wal',
    );
    return {
      at: process.hrtime.bigint(),
      pg,
      groups,
      writes,
      wal: { records: Number(wal.wal_records), fullPages: Number(wal.wal_fpi), bytes: Number(wal.wal_bytes) },
      lsn: wal.lsn,
      machine: machineBusySeconds(),
    };
  }

  /**
   * The WAL written from one position to another, read from the WAL itself with `pg_walinspect` (the bench database
   * has the extension): its records, whole pages and bytes. `pg_stat_wal` is short of that: a backend adds its counts
   * to it at most once a second, so a phase's last second lands in the next phase (a 5-second phase lost 9 % of its
   * records; docs/benchmarks.md, 72). Null when the WAL cannot be read (no extension, or not allowed).
   */
  async walBetween(from, to) {
    try {
      // what the last commits wrote may not be on disk yet (they do not all wait for it), and only that can be read
      for (let tries = 0; tries < 100; tries++) {
        const { rows } = await this.db.query('SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS flushed', [to]);
        if (rows[0].flushed) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const {
        rows: [wal],
      } = await this.db.query(
        `SELECT count(*)::bigint AS records,
                coalesce(sum((length(block_ref) - length(replace(block_ref, 'FPW', ''))) / 3), 0)::bigint AS full_pages,
                pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn)::bigint AS bytes
           FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)`,
        [from, to],
      );
      return { records: Number(wal.records), fullPages: Number(wal.full_pages), bytes: Number(wal.bytes) };
    } catch {
      return null;
    }
  }

  /** CPU seconds spent per group between two snapshots (a backend that appeared meanwhile counts from 0). */
  async since(start) {
    const end = await this.snapshot();
    const out = {};
    for (const name of Object.keys(end.groups)) out[name] = end.groups[name] - (start.groups[name] ?? 0);
    let postgres = 0;
    for (const [pid, seconds] of Object.entries(end.pg)) postgres += seconds - (start.pg[pid] ?? 0);
    out.postgres = postgres;
    // what none of the groups nor the bench database's backends spent: PostgreSQL's own background processes
    // (checkpointer, WAL writer), the kernel's threads, anything else on the machine
    const measured = Object.keys(end.groups).reduce((sum, name) => sum + out[name], postgres);
    out.others = end.machine - start.machine - measured;
    out.wallSeconds = Number(end.at - start.at) / 1e9;
    // the messages each group's processes wrote (system calls that write): a machine's drift moves it far less than
    // the CPU, only through how many requests arrive together
    out.writes = {};
    for (const name of Object.keys(end.writes)) out.writes[name] = end.writes[name] - (start.writes[name] ?? 0);
    // where in the WAL the phase's records lie, for `node tools/bench/wal-by-relation.mjs <from> <to> [commands]`
    out.walRange = [start.lsn, end.lsn];
    out.wal = await this.walBetween(start.lsn, end.lsn);
    if (!out.wal) {
      out.wal = { counted: true };
      for (const name of ['records', 'fullPages', 'bytes']) out.wal[name] = end.wal[name] - start.wal[name];
    }
    return out;
  }
}

/** A keep-alive JSON client; never throws (a network error is status 0). */
export class Http {
  constructor(baseUrls) {
    this.bases = (Array.isArray(baseUrls) ? baseUrls : [baseUrls]).map((u) => new URL(u));
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    this.next = 0;
  }

  request(method, path, { token, key, body, headers = {} } = {}) {
    const base = this.bases[this.next++ % this.bases.length];
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (key) h['x-api-key'] = key;
    if (payload !== undefined) {
      h['content-type'] = 'application/json';
      h['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve) => {
      const req = http.request(
        { host: base.hostname, port: base.port, path, method, headers: h, agent: this.agent, timeout: 60000 },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode, headers: res.headers, body: parsed });
          });
          res.on('error', () => resolve({ status: 0 }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => resolve({ status: 0, error: String(error.code ?? error.message) }));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}
