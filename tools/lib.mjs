// Helpers shared by the workspace scripts (demo, test, build).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
/**
 * Node flags the api runs with (here, in the bench and in docker/Dockerfile's command): a heap limit of 512 MB makes
 * V8 collect the old generation at about 1.4 times what is live instead of up to 4 times, which kept the api's
 * resident set near 165 MB under the bench's load where it climbed past 200 (docs/benchmarks.md section 18).
 */
export const API_NODE_FLAGS = ['--max-old-space-size=512'];
/**
 * Node flags the worker runs with (here, in the bench, the fault suite and docker/compose.yml's command): a young
 * generation of up to 32 MB a semi-space instead of 16 makes V8 scavenge half as often; what a scavenge costs
 * follows what survives it, the jobs in flight, not the space's size, so the worker spends less on garbage
 * collection: 2–4 % less CPU per approval over the machine's processes in alternated runs (docs/benchmarks.md, 73).
 * The api keeps V8's default: its resident set is near its 200 MB target, and 32 MB took it to 202 (operations.md
 * "Memory").
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=32'];

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const modules = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  // a linked node_modules (a git worktree sharing another checkout's) is that checkout's to install:
  // `npm ci` here would empty it through the link
  if (existsSync(join(root, 'node_modules')) && lstatSync(join(root, 'node_modules')).isSymbolicLink()) return;
  if (existsSync(modules) && statSync(modules).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('Installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function start(command, args, extraEnv = {}) {
  return spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
}

/** One clear line when PostgreSQL or Redis is down, with how to start it; exits. */
export async function ensureServices(databaseUrl, redisUrl) {
  const { default: pg } = await import('pg');
  const { default: Redis } = await import('ioredis');
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    console.error(
      `PostgreSQL is not reachable at ${adminUrl.host} (${error.message}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start — or docker compose -f docker/compose.yml up -d postgres redis`,
    );
    process.exit(1);
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    redis.disconnect();
  } catch (error) {
    redis.disconnect();
    console.error(
      `Redis is not reachable at ${redisUrl} (${error.message}). Start it: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 — or docker compose -f docker/compose.yml up -d postgres redis`,
    );
    process.exit(1);
  }
}
