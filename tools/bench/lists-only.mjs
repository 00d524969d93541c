// `node tools/bench/lists-only.mjs`: the bench's orders-list phase alone (docs/benchmarks.md), on the bench database
// (`BENCH_DATABASE_URL`) with the production build's api (`BENCH_PORT_BASE`, its Redis on `BENCH_PORT_BASE + 2`).
// `--seed` drops, migrates and seeds the database as `npm run bench` does (`--rows`, 1,000,000 by default);
// `--life` then gives the list tenant's orders the status changes they would have had (pending → processing →
// shipped → delivered, cancelled, returned: one to four updates each, a VACUUM after each round, as autovacuum
// would), so that indexes grow as they do in use. Without `--seed` the database is used as it is.
// `--rounds` requests per query (200, after a warm-up pass of 40 each). Prints the figures and writes them to BENCH_JSON when given.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppProcess, RedisServer, until } from '../faults/services.mjs';
import { CpuMeter, Http, machine } from './measure.mjs';
import { createTenant, historyIds, seedListTenant, seedOpsView, seedOrders, SMALL_SELLERS } from './seed.mjs';
import { listQueries, listQueryCases } from './lists.mjs';
import { API_NODE_FLAGS } from '../lib.mjs';

const root = join(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const SEED = argv.includes('--seed');
const LIFE = argv.includes('--life');
const ROWS = option('--rows', 1_000_000);
const ROUNDS = option('--rounds', 200);
const PASSWORD = 'bench-password';
const started = Date.now();
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s]`, ...a);

const BASE_PORT = Number(process.env.BENCH_PORT_BASE ?? 4300);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale_bench';
const DATABASE = decodeURIComponent(new URL(DATABASE_URL).pathname.slice(1));
if (!/^aftersale_bench\w*$/.test(DATABASE)) {
  console.error(
    `The bench drops and recreates its database; refusing "${DATABASE}" (its name must start aftersale_bench).`,
  );
  process.exit(1);
}

if (argv.includes('--build')) {
  const build = spawnSync('node', ['tools/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
process.env.TS_NODE_PROJECT = join(root, 'dist', 'tsconfig.json');
const require = createRequire(join(root, 'dist', 'index.js'));
require('tsconfig-paths/register');
const persistence = require(join(root, 'dist/libs/server/persistence/src/index.js'));
const domain = require(join(root, 'dist/libs/domain/src/index.js'));
const { default: pg } = await import('pg');

const adminUrl = () => Object.assign(new URL(DATABASE_URL), { pathname: '/postgres' }).toString();

if (SEED) {
  const admin = new pg.Client({ connectionString: adminUrl(), application_name: 'bench' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DATABASE}"`);
  await admin.end();
}
const dataSource = await persistence.createDataSource(DATABASE_URL, 1).initialize();
await dataSource.runMigrations({ transaction: 'each' });
await dataSource.destroy();
const db = new pg.Pool({ connectionString: DATABASE_URL, max: 4, application_name: 'bench' });
if (SEED) {
  let t0 = Date.now();
  const tenant = await createTenant(db, persistence, 'work', PASSWORD);
  for (const [tag, status, waiting] of [
    ['mixed', 'processing', true],
    ['ap', 'processing', true],
    ['rj', 'processing', true],
    ['ip', 'processing', true],
    ['pe', 'pending', false],
    ['pr', 'processing', false],
  ])
    await seedOrders(db, tenant.sellerId, { count: 12000, status, tag, waiting });
  const lister = await createTenant(db, persistence, 'list', PASSWORD);
  const { cancellations, returns, auditEvents } = await seedListTenant(db, domain, lister.sellerId, ROWS);
  await seedOpsView(db, persistence, PASSWORD, SMALL_SELLERS);
  await db.query('VACUUM ANALYZE');
  log(
    `seeded ${ROWS.toLocaleString('en')} orders, ${cancellations.toLocaleString('en')} cancellations, ${returns.toLocaleString('en')} returns and ${auditEvents.toLocaleString('en')} audit events in ${Math.round((Date.now() - t0) / 1000)} s`,
  );
  if (LIFE) {
    t0 = Date.now();
    // each round moves the orders that went further on by one more update (updated_at, version): non-HOT
    for (const statuses of [
      ['processing', 'shipped', 'delivered', 'cancelled', 'returned'],
      ['shipped', 'delivered', 'returned'],
      ['delivered', 'returned'],
      ['returned'],
    ]) {
      const { rowCount } = await db.query(
        `UPDATE orders SET updated_at = updated_at + interval '1 minute', version = version + 1
         WHERE seller_id = $1 AND status = ANY($2)`,
        [lister.sellerId, statuses],
      );
      await db.query('VACUUM ANALYZE orders');
      log(`  life: ${rowCount} status changes (${statuses.join(', ')})`);
    }
    log(`life in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
}
const sizes = await db.query(
  `SELECT c.relname, pg_size_pretty(pg_relation_size(c.oid)) AS size FROM pg_class c
   WHERE c.relname IN ('orders', 'orders_search_text_trgm', 'order_search', 'order_search_text_trgm',
                       'order_search_page', 'order_search_texts', 'order_search_texts_trgm')`,
);
log(`sizes: ${sizes.rows.map((r) => `${r.relname} ${r.size}`).join(', ')}`);

const dir = mkdtempSync(join(tmpdir(), 'aftersale-lists-'));
const redis = new RedisServer(dir, BASE_PORT + 2);
const api = new AppProcess(
  'api',
  join(root, 'dist/apps/api/src/main.js'),
  {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: randomUUID() + randomUUID(),
    TS_NODE_PROJECT: join(root, 'dist', 'tsconfig.json'),
    DATABASE_URL,
    REDIS_URL: `redis://127.0.0.1:${BASE_PORT + 2}`,
    QUEUE_PREFIX: 'bench',
    PORT: String(BASE_PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_SECOND: '1000000',
    PGAPPNAME: 'api',
    ATTACHMENTS_DIR: join(dir, 'attachments'),
  },
  dir,
);
// the api as in production (its node flags: tools/lib.mjs); BENCH_CPU_PROF=<dir>: its V8 CPU profile there when it
// stops, as `npm run bench` writes one (tools/bench/profile.mjs reads it)
api.nodeArgs = [
  ...API_NODE_FLAGS,
  ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
];
let http;
try {
  await redis.start({ aof: false });
  api.url = `http://127.0.0.1:${BASE_PORT}`;
  api.start();
  await until(
    'the api',
    async () => !api.running || (await fetch(`${api.url}/api/health/ready`)).status === 200,
    60000,
  );
  if (!api.running) throw new Error('the api exited');
  http = new Http([api.url]);
  const tokens = {};
  for (const [who, email] of [
    ['seller', 'agent-list@bench.test'],
    ['ops', 'ops@bench.test'],
  ]) {
    const login = await http.request('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    if (login.status !== 200) throw new Error(`login ${email}: ${login.status}`);
    tokens[who] = login.body.accessToken;
  }
  const { rows } = await db.query(
    `SELECT s.id, count(*)::int AS n FROM orders o JOIN sellers s ON s.id = o.seller_id WHERE s.name = 'Bench shop list'
      GROUP BY s.id`,
  );
  const cpu = new CpuMeter({
    db,
    database: DATABASE,
    groups: () => ({ api: [api.process.pid], worker: [], redis: [redis.process.pid], bench: [process.pid] }),
  });
  const loadBefore = machine().load;
  log(`lists: ${rows[0].n.toLocaleString('en')} orders, 4 clients, load ${loadBefore.join(' ')}`);
  const lists = await listQueries(
    http,
    tokens,
    cpu,
    listQueryCases(rows[0].n, await historyIds(db, rows[0].id, rows[0].n)),
    ROUNDS,
    log,
  );
  const result = { date: new Date().toISOString(), loadBefore, loadAfter: machine().load, lists };
  log(`load after ${result.loadAfter.join(' ')}`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(result, null, 2));
} finally {
  http?.close();
  await api.signal('SIGTERM');
  await redis.kill();
  await db.end();
}
