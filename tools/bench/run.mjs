// `npm run bench` (issue 10): the command path against the machine's own ceiling, measured in one run.
// Builds (when dist/ is stale), then starts a Redis of its own and the production-built api and worker on the
// bench database (dropped, migrated and seeded every run), measures the ceiling, the workload and each command
// alone, list queries on a large table, and writes docs/benchmarks.md (between markers) and docs/benchmarks.json.
// `--quick`: shorter phases and a 100,000-order table. `--scale`: also two workers, then two api processes.
// `--commands`: the ceiling and the command phases only (no large table, no list queries, no in-process run), and
// docs/benchmarks.md is left as it is (the figures go to the console and BENCH_JSON). `--count`: statements, Redis
// commands and jobs per approval on the idle stack (count.mjs). BENCH_CPU_PROF=<dir>: the api and the worker
// write V8 CPU profiles there when they stop (node --cpu-prof). `--against <dir>`: approvals alone, in phases that
// alternate between this tree's build and the build in <dir> (another checkout, built), each with a queue prefix of
// its own on the one database: drift of the machine's speed falls on both alike (docs/benchmarks.md, 42).
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppProcess, RedisServer, until } from '../faults/services.mjs';
import { bullmqCeiling, closedLoop, pipelineCeiling, postgresCeiling } from './ceiling.mjs';
import { CpuMeter, Http, machine, peakRssMb, percentile, RssSampler, statusMb, summary } from './measure.mjs';
import { createTenant, historyIds, seedListTenant, seedOpsView, seedOrders, SMALL_SELLERS } from './seed.mjs';
import { writeReport } from './report.mjs';
import { judgeTargets, p99Reach } from './targets.mjs';
import { countApprovals } from './count.mjs';
import { API_NODE_FLAGS, WORKER_NODE_FLAGS } from '../lib.mjs';
import { listQueries, listQueryCases, WARM_UP_ROUNDS } from './lists.mjs';

const root = join(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
const QUICK = args.has('--quick');
const SCALE = args.has('--scale');
const COUNT = args.has('--count');
const AGAINST = argv.includes('--against') ? resolve(argv[argv.indexOf('--against') + 1] ?? '') : undefined;
if (AGAINST && !existsSync(join(AGAINST, 'dist/apps/api/src/main.js'))) {
  console.error(`--against needs a checkout with a build: ${AGAINST}/dist/apps/api/src/main.js is missing`);
  process.exit(1);
}
const COMMANDS_ONLY = COUNT || Boolean(AGAINST) || args.has('--commands');
const PG_LOG = process.env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const started = Date.now();
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s]`, ...a);

const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4300);
const API_PORT = BASE_PORT;
const REDIS_PORT = BASE_PORT + 2;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale_bench';
const DATABASE = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1));
if (!/^aftersale_bench\w*$/.test(DATABASE)) {
  console.error(
    `The bench drops and recreates its database; refusing "${DATABASE}" (its name must start aftersale_bench).`,
  );
  process.exit(1);
}
const CLIENTS = 32;
const S = QUICK
  ? {
      ceiling: 5,
      mixed: 10,
      alone: 5,
      listRows: 100_000,
      listRounds: 40,
      seed: 5000,
      inProcess: 5,
      inProcessSeed: 6000,
    }
  : {
      ceiling: 15,
      mixed: 30,
      alone: 15,
      listRows: 1_000_000,
      listRounds: 200,
      seed: 20000,
      inProcess: 10,
      inProcessSeed: 20000,
    };
S.listWarmUp = WARM_UP_ROUNDS;
// `--quick` within two minutes (issue 10) on a 2-core machine: shorter phases and warm-up pass than the full run's.
// `--commands --quick`, which seeds no large table, keeps its 5-second phases, the ones its figures since section 12
// were taken with (docs/benchmarks.md, 78).
if (QUICK && !COMMANDS_ONLY) Object.assign(S, { ceiling: 3, mixed: 6, alone: 3, inProcess: 3, listWarmUp: 10 });
const PASSWORD = 'bench-password';
const PREFIX = 'bench';
if (COMMANDS_ONLY) S.listRows = 1000;
let postings = 0;

// ---- build (only when a source file is newer than the last build)
function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}
const builtAt = existsSync(join(root, 'dist/tsconfig.json')) ? statSync(join(root, 'dist/tsconfig.json')).mtimeMs : 0;
if (args.has('--build') || builtAt < Math.max(newest(join(root, 'apps')), newest(join(root, 'libs')))) {
  log('building dist/ (npm run build)');
  const build = spawnSync('node', ['tools/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

process.env.TS_NODE_PROJECT = join(root, 'dist', 'tsconfig.json');
const require = createRequire(join(root, 'dist', 'index.js'));
require('tsconfig-paths/register');
const persistence = require(join(root, 'dist/libs/server/persistence/src/index.js'));
const domain = require(join(root, 'dist/libs/domain/src/index.js'));
const messaging = require(join(root, 'dist/libs/server/messaging/src/index.js'));
const { default: pg } = await import('pg');

const dir = mkdtempSync(join(tmpdir(), 'aftersale-bench-'));
const redis = new RedisServer(dir, REDIS_PORT);
const env = {
  ...process.env,
  NODE_ENV: 'production',
  JWT_SECRET: randomUUID() + randomUUID(),
  TS_NODE_PROJECT: join(root, 'dist', 'tsconfig.json'),
  DATABASE_URL,
  REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
  QUEUE_PREFIX: PREFIX,
  PORT: String(API_PORT),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  // the bench is one principal per role sending hundreds of requests a second: the rate limit is raised
  RATE_LIMIT_PER_SECOND: '1000000',
  LOGIN_MAX_FAILURES: '100000',
  WORKER_METRICS_PORT: String(BASE_PORT + 1),
  WORKER_METRICS_HOST: '127.0.0.1',
  PAYMENT_ADAPTER: 'simulator',
  PAYMENT_SIMULATOR_LATENCY_MS: '50',
  ATTACHMENTS_DIR: join(dir, 'attachments'),
};
// application_name (node-postgres reads PGAPPNAME) tells the processes' statements apart in --count
const apis = [new AppProcess('api', join(root, 'dist/apps/api/src/main.js'), { ...env, PGAPPNAME: 'api' }, dir)];
const workers = [
  new AppProcess('worker', join(root, 'dist/apps/worker/src/main.js'), { ...env, PGAPPNAME: 'worker' }, dir),
];
// the api and the worker start as in production (their node flags: tools/lib.mjs)
const startApiAs = (app) => Object.assign(app, { nodeArgs: [...API_NODE_FLAGS, ...(app.nodeArgs ?? [])] });
const startWorkerAs = (app) => Object.assign(app, { nodeArgs: [...WORKER_NODE_FLAGS, ...(app.nodeArgs ?? [])] });
if (process.env.BENCH_CPU_PROF)
  for (const app of [...apis, ...workers])
    app.nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`];
apis.forEach(startApiAs);
workers.forEach(startWorkerAs);

const results = {
  date: new Date().toISOString(),
  quick: QUICK,
  clients: CLIENTS,
  settings: S,
  machine: machine(),
  versions: {},
  phases: {},
};
let db;
let httpClient;
let otherHttp;
let memory;
let exitCode = 0;
try {
  results.versions = await versions();
  log(`machine: ${JSON.stringify(results.machine)}`);
  // ---- database: dropped, created, migrated, seeded
  const admin = new pg.Client({ connectionString: adminUrl(DATABASE_URL), application_name: 'bench' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DATABASE}"`);
  await admin.end();
  const dataSource = await persistence.createDataSource(DATABASE_URL, 1).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  db = new pg.Pool({ connectionString: DATABASE_URL, max: CLIENTS + 2, application_name: 'bench' });
  db.on('error', () => undefined);
  // the bench's own view of the WAL, to count what each phase wrote (CpuMeter.walBetween); never the app's schema
  await db
    .query('CREATE EXTENSION IF NOT EXISTS pg_walinspect')
    .catch((error) => log(`no pg_walinspect (${error.message}): WAL per command from pg_stat_wal, a second late`));
  const tenant = await createTenant(db, persistence, 'work', PASSWORD);
  const lister = await createTenant(db, persistence, 'list', PASSWORD);
  let t0 = Date.now();
  const pools = {
    mixed: await seedOrders(db, tenant.sellerId, { count: S.seed, status: 'processing', tag: 'mixed', waiting: true }),
    approve: await seedOrders(db, tenant.sellerId, { count: S.seed, status: 'processing', tag: 'ap', waiting: true }),
    reject: await seedOrders(db, tenant.sellerId, { count: S.seed, status: 'processing', tag: 'rj', waiting: true }),
    // the in-process approvals run about twice as fast as over HTTP: a seed of their own size (S.inProcessSeed)
    inProcess: await seedOrders(db, tenant.sellerId, {
      count: S.inProcessSeed,
      status: 'processing',
      tag: 'ip',
      waiting: true,
    }),
    pending: await seedOrders(db, tenant.sellerId, { count: S.seed, status: 'pending', tag: 'pe' }),
    processing: await seedOrders(db, tenant.sellerId, { count: S.seed, status: 'processing', tag: 'pr' }),
    // approved in the warm-up (docs/benchmarks.md, 64)
    warmUp: await seedOrders(db, tenant.sellerId, { count: 4000, status: 'processing', tag: 'wu', waiting: true }),
  };
  log(
    `seeded the workload tenant (${S.seed * 5 + S.inProcessSeed + pools.warmUp.length} orders) in ${Date.now() - t0} ms`,
  );
  t0 = Date.now();
  const listed = await seedListTenant(db, domain, lister.sellerId, S.listRows);
  results.listCancellations = listed.cancellations;
  results.listReturns = listed.returns;
  results.listAuditEvents = listed.auditEvents;
  await seedOpsView(db, persistence, PASSWORD, SMALL_SELLERS);
  await db.query('VACUUM ANALYZE');
  // the seed's WAL (a million orders and their search rows) checkpointed now, not during the ceiling's phase
  await db.query('CHECKPOINT');
  results.seedSeconds = Math.round((Date.now() - t0) / 1000);
  log(
    `seeded ${S.listRows.toLocaleString('en')} orders, ${listed.cancellations.toLocaleString('en')} cancellations, ${listed.returns.toLocaleString('en')} returns and ${listed.auditEvents.toLocaleString('en')} audit events for the list tenant in ${results.seedSeconds} s`,
  );

  // ---- the ceiling, before the api and the worker run
  await redis.start({ aof: false });
  if (COUNT) {
    // every statement of the bench database is logged (this database only; it is dropped by the next run)
    const admin2 = new pg.Client({ connectionString: adminUrl(DATABASE_URL), application_name: 'bench' });
    await admin2.connect();
    await admin2.query(`ALTER DATABASE "${DATABASE}" SET log_statement = 'all'`);
    await admin2.end();
  } else if (!AGAINST) {
    results.ceiling = await measureCeiling('ceiling', { pooled: true });
  }

  // ---- the stack
  await startWorker(workers[0]);
  await startApi(apis[0]);
  // resident memory: idle is the lowest VmRSS from ready to the end of the logins (the api's startup password hash
  // holds its scrypt buffer for a moment, longer on a busy machine), then the peak of each phase
  const running = () => ({
    api: apis.filter((a) => a.running).map((a) => a.process.pid),
    worker: workers.filter((w) => w.running).map((w) => w.process.pid),
  });
  memory = new RssSampler(running);
  const now = (field) => Object.fromEntries(Object.entries(running()).map(([g, p]) => [g, statusMb(p[0], field)]));
  const atStart = { idle: now('VmRSS') };
  const lowest = () => {
    for (const [group, mb] of Object.entries(now('VmRSS'))) atStart.idle[group] = Math.min(atStart.idle[group], mb);
  };
  for (let i = 0; i < 30; i++) {
    await sleep(100);
    lowest();
  }
  httpClient = new Http(apis.map((a) => a.url));
  const tokens = {};
  for (const [who, email] of [
    ['agent', tenant.users.agent],
    ['listAgent', lister.users.agent],
    ['ops', 'ops@bench.test'],
  ]) {
    const login = await httpClient.request('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    if (login.status !== 200) throw new Error(`login ${email}: ${login.status} ${JSON.stringify(login.body)}`);
    tokens[who] = login.body.accessToken;
  }
  lowest();
  atStart.startAndLoginsPeak = now('VmHWM');
  const cpu = new CpuMeter({
    db,
    database: DATABASE,
    groups: () => ({
      api: apis.filter((a) => a.running).map((a) => a.process.pid),
      worker: workers.filter((w) => w.running).map((w) => w.process.pid),
      redis: [redis.process.pid],
      bench: [process.pid],
    }),
  });
  const ops = operations(httpClient, tenant, tokens);

  log('warm-up: 3 s of orders');
  await runPhase('warm-up', [{ op: 'createOrder', clients: CLIENTS }], 3, { cpu, record: false });
  // Then approvals, which write the tables the seed leaves empty (refunds, the outbox, the inbox, the simulated
  // provider's ledger), and an ANALYZE of them, as autovacuum does within its first minute on a table that grows from
  // empty. This machine's PostgreSQL runs without autovacuum: without the ANALYZE, each connection of the worker
  // keeps the generic plans it made for its prepared statements while those tables held a few rows — sequential
  // scans — for the whole run, and every approval's refund read and outcome scanned all the refunds written so far
  // (docs/benchmarks.md, 64).
  log('warm-up: 3 s of approvals, then ANALYZE');
  await runPhase('warm-up', [{ op: 'approve', clients: CLIENTS, pool: pools.warmUp }], 3, { cpu, record: false });
  const analyzed = Date.now();
  await db.query('ANALYZE');
  results.warmUpAnalyzeMs = Date.now() - analyzed;
  log(`warm-up: ANALYZE took ${results.warmUpAnalyzeMs} ms`);

  if (COUNT) {
    const { default: Redis } = await import('ioredis');
    const redisClient = new Redis({ host: '127.0.0.1', port: REDIS_PORT });
    log('count: approvals one at a time, each until its refund succeeded, then as long idle');
    results.count = await countApprovals({
      db,
      database: DATABASE,
      logFile: PG_LOG,
      redis: redisClient,
      metricsUrl: `http://127.0.0.1:${BASE_PORT + 1}/metrics`,
      approve: (id) => ops.approve(id),
      refundSettled: async (id) =>
        (await db.query(`SELECT 1 FROM refunds WHERE cause_id = $1 AND state = 'succeeded'`, [id])).rowCount > 0,
      ids: pools.approve.slice(0, Number(process.env.BENCH_COUNT ?? 20)),
      cpu,
    });
    redisClient.disconnect();
    results.machine.loadAfter = machine().load;
    console.log(JSON.stringify(results.count, null, 2));
    writeFileSync(
      process.env.BENCH_JSON ?? join(tmpdir(), `aftersale-count-${Date.now()}.json`),
      JSON.stringify(results, null, 2),
    );
  } else if (AGAINST) {
    results.against = await alternatedApprovals();
    results.machine.loadAfter = machine().load;
    const file = process.env.BENCH_JSON ?? join(tmpdir(), `aftersale-against-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    log(`wrote ${file}`);
  } else {
    // ---- the workload: decisions, the channel, agents paging
    const mixedPool = { approve: pools.mixed.slice(0, (S.seed * 3) / 4), reject: pools.mixed.slice((S.seed * 3) / 4) };
    log(`workload: ${CLIENTS} clients for ${S.mixed} s`);
    const mix = [
      { op: 'approve', clients: 12, pool: mixedPool.approve },
      { op: 'reject', clients: 4, pool: mixedPool.reject },
      { op: 'createOrder', clients: 4 },
      { op: 'createAndCancel', clients: 4 },
      { op: 'listCancellations', clients: 8 },
    ];
    results.mix = mix.map(({ op, clients }) => ({ op, clients }));
    results.phases.workload = await runPhase('workload', mix, S.mixed, { cpu, approvalPool: mixedPool.approve });

    // ---- each command alone
    const alone = [
      ['createOrder', {}],
      ['processOrder', { pool: pools.pending }],
      ['openCancellation', { pool: pools.processing }],
      ['approve', { pool: pools.approve }],
      ['reject', { pool: pools.reject }],
      ['listCancellations', {}],
    ];
    for (const [op, extra] of alone) {
      log(`alone: ${op}, ${CLIENTS} clients, ${S.alone} s`);
      results.phases[op] = await runPhase(op, [{ op, clients: CLIENTS, ...extra }], S.alone, {
        cpu,
        approvalPool: op === 'approve' ? pools.approve : undefined,
      });
      // the machine's speed drifts within a run (docs/benchmarks.md, 43): the ceiling again, right after the
      // approvals and their refunds, with the api and the worker idle
      if (op === 'approve') results.ceilingAfter = await measureCeiling('ceiling after the approvals');
    }

    // ---- lists on the large table, 4 clients
    if (!COMMANDS_ONLY) {
      log(`lists: ${S.listRows.toLocaleString('en')} orders, 4 clients`);
      memory.window();
      results.lists = await listQueries(
        httpClient,
        { seller: tokens.listAgent, ops: tokens.ops },
        cpu,
        listQueryCases(S.listRows, await historyIds(db, lister.sellerId, S.listRows)),
        S.listRounds,
        log,
        S.listWarmUp,
      );
      results.listsRssPeakMb = memory.window();
    }

    const loadPeak = (group) => Math.max(...Object.values(results.phases).map((p) => p.rssPeakMb?.[group] ?? 0));
    results.memory = {};
    for (const group of ['api', 'worker'])
      results.memory[group] = {
        idle: atStart.idle[group],
        startAndLoginsPeak: atStart.startAndLoginsPeak[group],
        loadPhasesPeak: loadPeak(group),
        ...(results.listsRssPeakMb ? { listsPeak: results.listsRssPeakMb[group] } : {}),
        hwm: group === 'api' ? peakRssMb(apis[0].process.pid) : peakRssMb(workers[0].process.pid),
      };
    log(`memory (MB): ${JSON.stringify(results.memory)}`);

    // ---- the same approval in-process, without HTTP and the queue
    if (!COMMANDS_ONLY) {
      log(`in-process approvals, ${CLIENTS} at once, ${S.inProcess} s`);
      results.inProcess = await inProcess(pools.inProcess);
    }

    if (SCALE) {
      results.scale = {};
      // approvals alone, on orders of their own, with the processes as they are now
      const scaledApprovals = async (name, title, tag) => {
        const pool = await seedOrders(db, tenant.sellerId, { count: S.seed, status: 'processing', tag, waiting: true });
        log(`scale: approvals with ${title}`);
        results.scale[name] = await approvalsPhase(title, pool, S.alone);
      };
      const secondWorkerEnv = { WORKER_METRICS_PORT: String(BASE_PORT + 3) };
      workers.push(startWorkerAs(new AppProcess('worker-2', join(root, 'dist/apps/worker/src/main.js'), env, dir)));
      await startWorker(workers[1], secondWorkerEnv);
      await scaledApprovals('twoWorkers', 'two workers', 'sc1');
      // the same two workers with the one worker's pool shared between them (docs/scaling.md "The limits": the
      // workers' pools are sized together), so that what a second process costs is told from what more connections do
      const shared = String(Math.max(1, Math.floor(messaging.loadServerConfig().workerDatabasePoolSize / 2)));
      results.scaleSharedPoolSize = Number(shared);
      await Promise.all(workers.map((w) => w.stop()));
      await startWorker(workers[0], { WORKER_DATABASE_POOL_SIZE: shared });
      await startWorker(workers[1], { ...secondWorkerEnv, WORKER_DATABASE_POOL_SIZE: shared });
      await scaledApprovals('twoWorkersSharedPool', `two workers, ${shared} connections each`, 'sc3');
      apis.push(startApiAs(new AppProcess('api-2', join(root, 'dist/apps/api/src/main.js'), env, dir)));
      await startApi(apis[1], BASE_PORT + 4);
      httpClient.close();
      httpClient = new Http(apis.map((a) => a.url));
      Object.assign(ops, operations(httpClient, tenant, tokens));
      await scaledApprovals('twoWorkersTwoApis', `two workers (${shared} connections each), two apis`, 'sc2');
    }

    results.ratio = round2((results.phases.approve?.ops.approve?.perSecond ?? 0) / results.ceiling.pipeline);
    if (results.ceiling.pooled)
      results.ratioPooled = round2(
        (results.phases.approve?.ops.approve?.perSecond ?? 0) / results.ceiling.pooled.pipeline,
      );
    if (results.ceilingAfter)
      results.ratioAfter = round2(
        (results.phases.approve?.ops.approve?.perSecond ?? 0) / results.ceilingAfter.pipeline,
      );
    results.targets = judgeTargets(results);
    results.p99Reach = p99Reach(results);
    results.machine.loadAfter = machine().load;
    results.seconds = Math.round((Date.now() - started) / 1000);

    console.log('');
    console.log(`X (PostgreSQL, one command's statements): ${results.ceiling.postgres.perSecond}/s`);
    console.log(`Y (BullMQ request-reply, no-op):         ${results.ceiling.bullmq.perSecond}/s`);
    console.log(`ceiling 1/(1/X+1/Y):                      ${results.ceiling.pipeline}/s`);
    console.log(`approvals alone:                          ${results.phases.approve?.ops.approve?.perSecond ?? 0}/s`);
    console.log(`ratio e2e/ceiling: ${results.ratio}`);
    if (results.ceiling.pooled)
      console.log(
        `ratio over the ceiling with X on ${results.ceiling.pooled.connections} connections (${results.ceiling.pooled.pipeline}/s): ${results.ratioPooled}`,
      );
    if (results.ceilingAfter)
      console.log(
        `ratio over the ceiling measured right after the approvals (${results.ceilingAfter.pipeline}/s): ${results.ratioAfter}`,
      );
    console.log('');
    for (const t of results.targets) console.log(`${t.met ? 'met    ' : 'not met'}  ${t.target}: ${t.figure}`);
    console.log(results.p99Reach.sentence);
    if (COMMANDS_ONLY) {
      const file = process.env.BENCH_JSON ?? join(tmpdir(), `aftersale-bench-${Date.now()}.json`);
      writeFileSync(file, JSON.stringify(results, null, 2));
      log(`wrote ${file} (${results.seconds} s in all; docs/benchmarks.md left as it is)`);
    } else {
      writeReport(root, results);
      log(`wrote docs/benchmarks.md and docs/benchmarks.json (${results.seconds} s in all)`);
    }
  }

  // ---- phase machinery (hoisted functions below use the variables above)
  /** X, Y and their pipeline ceiling; with `pooled`, X again over as few connections as the worker's pool has. */
  async function measureCeiling(title, { pooled = false } = {}) {
    log(`${title}: PostgreSQL, our command's statements alone, ${CLIENTS} in flight, ${S.ceiling} s`);
    const x = await postgresCeiling({ pool: db, sellerId: tenant.sellerId, clients: CLIENTS, seconds: S.ceiling });
    log(`${title}: BullMQ request-reply with a no-op processor, ${CLIENTS} in flight, ${S.ceiling} s`);
    const y = await bullmqCeiling({
      redisPort: REDIS_PORT,
      prefix: `${PREFIX}-ceiling`,
      clients: CLIENTS,
      seconds: S.ceiling,
    });
    const ceiling = { postgres: x, bullmq: y, pipeline: pipelineCeiling(x.perSecond, y.perSecond) };
    log(`${title}: X = ${x.perSecond}/s, Y = ${y.perSecond}/s, ceiling = ${ceiling.pipeline}/s`);
    if (!pooled) return ceiling;
    // X again with the statements queued for as few connections as the worker's pool has (docs/benchmarks.md, 25):
    // the worker's advantage over X's one connection per client is measured, not credited to the command path
    const connections = messaging.loadServerConfig().workerDatabasePoolSize;
    log(
      `${title}: PostgreSQL, the same statements, ${CLIENTS} in flight over ${connections} connections, ${S.ceiling} s`,
    );
    const few = new pg.Pool({ connectionString: DATABASE_URL, max: connections, application_name: 'bench' });
    try {
      const xPooled = await postgresCeiling({
        pool: few,
        sellerId: tenant.sellerId,
        clients: CLIENTS,
        seconds: S.ceiling,
      });
      ceiling.pooled = { connections, postgres: xPooled, pipeline: pipelineCeiling(xPooled.perSecond, y.perSecond) };
    } finally {
      await few.end();
    }
    log(
      `${title}: X over ${connections} connections = ${ceiling.pooled.postgres.perSecond}/s, ceiling = ${ceiling.pooled.pipeline}/s`,
    );
    return ceiling;
  }

  async function runPhase(name, mixOfOps, seconds, { cpu: meter, record = true, approvalPool } = {}) {
    const perOp = {};
    memory.window();
    const before = await meter.snapshot();
    const end = Date.now() + seconds * 1000;
    const t0 = process.hrtime.bigint();
    const approvedIds = [];
    await Promise.all(
      mixOfOps.flatMap(({ op, clients, pool }) => {
        const stats = (perOp[op] ??= { latencies: [], status: {}, done: 0 });
        const queue = pool ? { items: pool, next: pool.__next ?? 0 } : undefined;
        return Array.from({ length: clients }, async () => {
          while (Date.now() < end) {
            let item;
            if (queue) {
              item = queue.items[queue.next++];
              pool.__next = queue.next;
              if (item === undefined) {
                stats.exhausted = true;
                return;
              }
            }
            const s0 = process.hrtime.bigint();
            const answer = await ops[op](item);
            const ms = Number(process.hrtime.bigint() - s0) / 1e6;
            stats.status[answer.status] = (stats.status[answer.status] ?? 0) + 1;
            if (answer.status >= 200 && answer.status < 300) {
              stats.latencies.push(ms);
              stats.done++;
              if (op === 'approve') approvedIds.push(item);
            }
          }
        });
      }),
    );
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const out = { seconds: round2(wall), ops: {} };
    for (const [op, stats] of Object.entries(perOp)) {
      out.ops[op] = {
        perSecond: Math.round(stats.done / wall),
        ...summary(stats.latencies),
        status: stats.status,
        ...(stats.exhausted ? { exhausted: true } : {}),
      };
    }
    if (!record) return out;
    // the approvals' refunds finish after the phase: their work is charged to the phase too
    if (approvalPool && approvedIds.length) out.refunds = await refundsOf(approvedIds);
    const spent = await meter.since(before);
    const commands = Object.entries(out.ops)
      .filter(([op]) => !op.startsWith('list'))
      .reduce((s, [, o]) => s + o.perSecond * wall, 0);
    const requests = Object.values(out.ops).reduce((s, o) => s + o.perSecond * wall, 0);
    const perUnit = commands > 0 ? commands : requests;
    out.cpuMsPer = {
      unit: commands > 0 ? 'command' : 'request',
      api: round2((spent.api * 1000) / perUnit),
      worker: round2((spent.worker * 1000) / perUnit),
      postgres: round2((spent.postgres * 1000) / perUnit),
      redis: round2((spent.redis * 1000) / perUnit),
    };
    out.cpuMsPer.total = round2(out.cpuMsPer.api + out.cpuMsPer.worker + out.cpuMsPer.postgres + out.cpuMsPer.redis);
    out.cpuMsPer.benchClient = round2((spent.bench * 1000) / perUnit);
    out.writesPer = {
      unit: out.cpuMsPer.unit,
      api: round2(spent.writes.api / perUnit),
      worker: round2(spent.writes.worker / perUnit),
      redis: round2(spent.writes.redis / perUnit),
    };
    out.walPer = {
      unit: out.cpuMsPer.unit,
      records: round2(spent.wal.records / perUnit),
      fullPages: round2(spent.wal.fullPages / perUnit),
      kB: round2(spent.wal.bytes / 1024 / perUnit),
      range: spent.walRange.join(' '),
      ...(spent.wal.counted ? { counted: true } : {}),
    };
    out.cpuWindowSeconds = round2(spent.wallSeconds);
    out.rssPeakMb = memory.window();
    out.load = machine().load;
    const line = Object.entries(out.ops)
      .map(
        ([op, o]) =>
          `${op}${o.exhausted ? ' (seed used up)' : ''} ${o.perSecond}/s p50 ${o.p50} p95 ${o.p95} p99 ${o.p99} ms`,
      )
      .join('; ');
    log(
      `  ${name}: ${line}; CPU ms per ${out.cpuMsPer.unit}: ${JSON.stringify(out.cpuMsPer)}; messages written per ${out.cpuMsPer.unit}: ${JSON.stringify(out.writesPer)}; WAL per ${out.cpuMsPer.unit}: ${JSON.stringify(out.walPer)}; peak VmRSS MB ${JSON.stringify(out.rssPeakMb)}`,
    );
    if (out.refunds) log(`  approval → refund succeeded: ${JSON.stringify(out.refunds)}`);
    return out;
  }

  /** Approvals alone by all the clients, on the waiting cancellations of `pool`, their refunds charged to the phase. */
  function approvalsPhase(name, pool, seconds, { record = true } = {}) {
    return runPhase(name, [{ op: 'approve', clients: CLIENTS, pool }], seconds, { cpu, record, approvalPool: pool });
  }

  /**
   * `--against <dir>`: a second api and worker from <dir>'s build (queue prefix `${PREFIX}-b`), then approvals alone
   * in phases alternating between the two stacks, so that a change of the machine's speed during the run falls on
   * both (docs/benchmarks.md, 42). The CPU meter counts both stacks in every phase, their messages too (the idle one's
   * timers cost both sides alike).
   */
  async function alternatedApprovals() {
    const rounds = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 5 : 6));
    // BENCH_AGAINST_ENV ("NAME=value NAME=value"): settings of the other stack's processes only, to compare settings
    // on one build (`--against .`)
    const settings = Object.fromEntries(
      (process.env.BENCH_AGAINST_ENV ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    // BENCH_AGAINST_WORKER_FLAGS, BENCH_AGAINST_API_FLAGS ("--flag --flag"): node flags of the other stack's worker or
    // api only, after those it runs with, to compare node's settings of one process on one build
    const flags = (value) => (value ?? '').split(/\s+/).filter(Boolean);
    const workerFlags = flags(process.env.BENCH_AGAINST_WORKER_FLAGS);
    const apiFlags = flags(process.env.BENCH_AGAINST_API_FLAGS);
    const otherName = [
      AGAINST,
      ...Object.entries(settings).map(([k, v]) => `${k}=${v}`),
      ...(workerFlags.length ? [`worker ${workerFlags.join(' ')}`] : []),
      ...(apiFlags.length ? [`api ${apiFlags.join(' ')}`] : []),
    ].join(' ');
    const other = {
      ...env,
      ...settings,
      QUEUE_PREFIX: `${PREFIX}-b`,
      TS_NODE_PROJECT: join(AGAINST, 'dist', 'tsconfig.json'),
    };
    const otherWorker = startWorkerAs(
      new AppProcess('worker-b', join(AGAINST, 'dist/apps/worker/src/main.js'), other, dir),
    );
    otherWorker.nodeArgs = [...otherWorker.nodeArgs, ...workerFlags];
    workers.push(otherWorker);
    await startWorker(workers[1], { WORKER_METRICS_PORT: String(BASE_PORT + 7) }, `${PREFIX}-b`);
    const otherApi = startApiAs(new AppProcess('api-b', join(AGAINST, 'dist/apps/api/src/main.js'), other, dir));
    otherApi.nodeArgs = [...otherApi.nodeArgs, ...apiFlags];
    apis.push(otherApi);
    await startApi(apis[1], BASE_PORT + 6);
    otherHttp = new Http([apis[1].url]);
    const sides = { this: operations(httpClient, tenant, tokens), against: operations(otherHttp, tenant, tokens) };
    // enough waiting cancellations for every phase at 700 approvals a second, above any machine's so far: a fixed
    // 2,000 a phase ran out above 311/s in --quick, and its last pair of phases approved nothing
    const warmUpSeconds = QUICK ? 5 : 10;
    const seconds = 4 * warmUpSeconds + rounds * 2 * (2 + S.alone);
    const pool = await seedOrders(db, tenant.sellerId, {
      count: Math.ceil((seconds * 700) / 1000) * 1000,
      status: 'processing',
      tag: 'ab',
      waiting: true,
    });
    // as after the first seed: the new rows visible to index-only scans and counted by the planner, their WAL written
    await db.query('VACUUM ANALYZE');
    await db.query('CHECKPOINT');
    // the first approvals of a process run cold (its code not yet optimised: a worker's CPU per approval halved over
    // its first minute, 42): both stacks are warmed on them before any phase counts
    for (const side of ['this', 'against', 'this', 'against']) {
      Object.assign(ops, sides[side]);
      await approvalsPhase(`warm-up (${side})`, pool, warmUpSeconds, { record: false });
    }
    // strictly alternated, so that every phase follows one of the other stack's (a stack is idle for one phase at
    // a time) and each figure is set against both neighbours: a steady drift of the machine's speed cancels in the
    // median of the neighbours' ratios
    const sequence = [];
    for (let phase = 0; phase < rounds * 2; phase++) {
      const side = phase % 2 === 0 ? 'this' : 'against';
      Object.assign(ops, sides[side]);
      log(`against: phase ${phase + 1} of ${rounds * 2}, ${side === 'this' ? 'this tree' : otherName}`);
      // 2 s of the same approvals first, not counted: the stack was idle while the other ran
      await approvalsPhase(`warm-up (${side})`, pool, 2, { record: false });
      const result = await approvalsPhase(side, pool, S.alone);
      sequence.push({ side, approvals: result.ops.approve.perSecond, cpuMs: result.cpuMsPer.total, result });
    }
    // an odd number of ratios (2 × rounds − 1): the nearest-rank median is the middle one
    const median = (values) =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      );
    const figures = (side) => {
      const mine = sequence.filter((phase) => phase.side === side).map((phase) => phase.result);
      return {
        approvalsPerSecond: mine.map((p) => p.ops.approve.perSecond),
        cpuMsPerApproval: mine.map((p) => p.cpuMsPer.total),
        p99Ms: mine.map((p) => p.ops.approve.p99),
        refundWaitP95Ms: mine.map((p) => p.refunds?.p95),
        messagesWrittenPerApproval: mine.map((p) => p.writesPer),
      };
    };
    // each pair of neighbouring phases: this tree's figure over the other's
    const neighbours = sequence.slice(1).map((b, i) => {
      const a = sequence[i];
      const [mine, theirs] = a.side === 'this' ? [a, b] : [b, a];
      return { approvals: round2(mine.approvals / theirs.approvals), cpuMs: round2(mine.cpuMs / theirs.cpuMs) };
    });
    const out = {
      against: AGAINST,
      againstSettings: settings,
      rounds,
      this: figures('this'),
      other: figures('against'),
      approvalsRatios: neighbours.map((n) => n.approvals),
      cpuRatios: neighbours.map((n) => n.cpuMs),
    };
    out.approvalsRatioMedian = median(out.approvalsRatios);
    out.cpuRatioMedian = median(out.cpuRatios);
    console.log('');
    console.log(`approvals/s, this tree: ${out.this.approvalsPerSecond.join(' ')}`);
    console.log(`approvals/s, ${otherName}: ${out.other.approvalsPerSecond.join(' ')}`);
    console.log(`CPU ms per approval, this tree: ${out.this.cpuMsPerApproval.join(' ')}`);
    console.log(`CPU ms per approval, ${otherName}: ${out.other.cpuMsPerApproval.join(' ')}`);
    console.log(`approval → refund succeeded p95 ms, this tree: ${out.this.refundWaitP95Ms.join(' ')}`);
    console.log(`approval → refund succeeded p95 ms, ${otherName}: ${out.other.refundWaitP95Ms.join(' ')}`);
    const writes = (side) =>
      out[side].messagesWrittenPerApproval.map((w) => `${w.api}/${w.worker}/${w.redis}`).join(' ');
    console.log(`messages written per approval (api/worker/Redis), this tree: ${writes('this')}`);
    console.log(`messages written per approval (api/worker/Redis), ${otherName}: ${writes('other')}`);
    console.log(
      `this tree over the other, neighbouring phases: approvals ${out.approvalsRatios.join(' ')} (median ${out.approvalsRatioMedian}); CPU per approval ${out.cpuRatios.join(' ')} (median ${out.cpuRatioMedian})`,
    );
    return out;
  }

  async function refundsOf(cancellationIds) {
    const settled = `r.state IN ('succeeded', 'failed', 'declined', 'voided')`;
    await until(
      'the approvals’ refunds to settle',
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM refunds r WHERE r.cause_id = ANY($1) AND ${settled}`,
          [cancellationIds],
        );
        return rows[0].n >= cancellationIds.length;
      },
      180000,
      250,
    ).catch(() => undefined);
    const { rows } = await db.query(
      `SELECT count(*)::int AS refunds,
              count(*) FILTER (WHERE r.state = 'succeeded')::int AS succeeded,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.completed_at - c.decided_at) * 1000) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM r.completed_at - c.decided_at) * 1000) AS p95,
              max(extract(epoch FROM r.completed_at - c.decided_at) * 1000) AS max
       FROM cancellation_requests c JOIN refunds r ON r.cause_id = c.id
       WHERE c.id = ANY($1) AND r.state = 'succeeded'`,
      [cancellationIds],
    );
    const r = rows[0];
    return {
      approvals: cancellationIds.length,
      succeeded: r.succeeded,
      p50: Math.round(r.p50 ?? 0),
      p95: Math.round(r.p95 ?? 0),
      max: Math.round(Number(r.max ?? 0)),
    };
  }

  async function inProcess(ids) {
    const { rows } = await db.query(
      `SELECT principal, seller_id, actor, request_key, body_hash FROM commands WHERE type = 'ApproveCancellation' LIMIT 1`,
    );
    if (rows.length === 0) return { error: 'no approval command to copy' };
    const file = join(dir, 'in-process.json');
    writeFileSync(
      file,
      JSON.stringify({ template: rows[0], cancellationIds: ids, clients: CLIENTS, seconds: S.inProcess }),
    );
    // a queue prefix of its own: the jobs its approvals publish (their RefundCreated) reach no worker, so the stack's
    // worker does not pay their refunds meanwhile, on the same cores (it did, and the figure was half of this alone)
    const child = fork(join(import.meta.dirname, 'in-process.mjs'), [file], {
      env: {
        ...env,
        QUEUE_PREFIX: `${PREFIX}-in-process`,
        PGAPPNAME: 'bench-in-process',
        WORKER_METRICS_PORT: String(BASE_PORT + 5),
      },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    try {
      const result = JSON.parse(out.trim().split('\n').at(-1));
      const n = result.latency.n;
      const perCommand = {
        process: round2((result.processCpuSeconds * 1000) / n),
        // read by the child before its backends ended with it (the meter's snapshots would miss them)
        postgres: round2((result.postgresCpuSeconds * 1000) / n),
      };
      log(
        `  in-process: ${result.perSecond}/s${result.usedUp ? ' (seed used up)' : ''} p50 ${result.latency.p50} p99 ${result.latency.p99} ms; CPU ms: ${JSON.stringify(perCommand)}`,
      );
      return { ...result, cpuMsPer: perCommand };
    } catch {
      return { error: `in-process run failed (exit ${code}): ${out.slice(-500)}` };
    }
  }
} catch (error) {
  exitCode = 1;
  log(`bench failed: ${error?.stack ?? error}`);
  for (const p of [...apis, ...workers]) log(`${p.name} log tail:\n${tail(p.logFile)}`);
} finally {
  httpClient?.close();
  otherHttp?.close();
  memory?.stop();
  await Promise.all([...apis, ...workers].map((p) => p.stop()));
  await db?.end().catch(() => undefined);
  await redis.kill();
  // BENCH_KEEP_LOGS=1 keeps the api's and the worker's logs of a run that passed too
  if (exitCode === 0 && !process.env.BENCH_KEEP_LOGS) rmSync(dir, { recursive: true, force: true });
  else console.log(`logs kept in ${dir}`);
}
process.exit(exitCode);

// ---- helpers
async function startWorker(worker, extraEnv = {}, prefix = PREFIX) {
  const { Queue } = await import('bullmq');
  const queue = new Queue('cancellations', { connection: { host: '127.0.0.1', port: REDIS_PORT }, prefix });
  const before = (await queue.getWorkers().catch(() => [])).length;
  worker.start(extraEnv);
  await until(
    `${worker.name} to start`,
    async () => (await queue.getWorkers()).length > before || !worker.running,
    60000,
    200,
  );
  await queue.close();
  if (!worker.running) throw new Error(`${worker.name} exited: ${tail(worker.logFile)}`);
}

async function startApi(api, port = API_PORT) {
  api.url = `http://127.0.0.1:${port}`;
  api.start({ PORT: String(port) });
  await until(
    `${api.name} to be ready`,
    async () => !api.running || (await fetch(`${api.url}/api/health/ready`)).status === 200,
    60000,
    200,
  );
  if (!api.running) throw new Error(`${api.name} exited: ${tail(api.logFile)}`);
}

function orderBody() {
  postings++;
  return {
    postingNumber: `B${process.pid}-${Date.now().toString(36)}-${postings}`,
    buyer: { name: 'Иван Петров', email: 'ivan@example.test' },
    lines: [{ sku: 'SKU-1', name: 'Phone case', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } }],
    paid: { amount: 50000, currency: 'RUB' },
  };
}

/** The requests, each as a client sends them: commands with an Idempotency-Key. */
function operations(http, tenant, tokens) {
  const channel = (path, body) =>
    http.request('POST', `/api/v1${path}`, {
      key: tenant.channelKey,
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
  const agent = (path, body) =>
    http.request('POST', `/api/v1${path}`, { token: tokens.agent, body, headers: { 'idempotency-key': randomUUID() } });
  let page = 0;
  return {
    createOrder: () => channel('/orders', orderBody()),
    processOrder: (orderId) => agent(`/orders/${orderId}/process`, {}),
    openCancellation: (orderId) => channel('/cancellations', { orderId, reasonId: 'found-cheaper' }),
    async createAndCancel() {
      const created = await channel('/orders', orderBody());
      if (created.status !== 201) return created;
      return channel('/cancellations', { orderId: created.body.id, reasonId: 'changed-mind' });
    },
    approve: (id) => agent(`/cancellations/${id}/approve`, { comment: 'ok' }),
    reject: (id) => agent(`/cancellations/${id}/reject`, { reasonId: 'already-packed', comment: 'packed' }),
    listCancellations: () => {
      const start = (page++ % 40) * 25;
      const q = new URLSearchParams({
        filter: JSON.stringify({ state: ['awaiting_seller'] }),
        sort: JSON.stringify(['deadlineAt', 'ASC']),
        range: JSON.stringify([start, start + 24]),
      });
      return http.request('GET', `/api/v1/cancellations?${q}`, { token: tokens.agent });
    },
  };
}

async function versions() {
  const pgClient = new pg.Client({ connectionString: adminUrl(DATABASE_URL), application_name: 'bench' });
  await pgClient.connect();
  const { rows } = await pgClient.query('SHOW server_version');
  await pgClient.end();
  const redisVersion = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=([\d.]+)/)?.[1];
  const pkg = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  return {
    commit,
    node: process.version,
    postgres: rows[0].server_version,
    redis: redisVersion,
    bullmq: pkg('bullmq'),
    typeorm: pkg('typeorm'),
    nest: pkg('@nestjs/core'),
  };
}

function adminUrl(url) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

function round2(v) {
  return Math.round(v * 100) / 100;
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
