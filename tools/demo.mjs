// `npm run demo`: dependencies, database, migrations, demo data, build, then api + worker on http://localhost:3000,
// and the Ozon simulator on http://localhost:3100 with Demo Shop's Ozon account connected to it (docs/ozon.md).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_NODE_FLAGS, ensureDependencies, ensureServices, root, run, start, WORKER_NODE_FLAGS } from './lib.mjs';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const port = process.env.PORT ?? '3000';
const ozonSimPort = process.env.OZON_SIM_PORT ?? '3100';
if (process.env.NODE_ENV === 'production') {
  console.error('npm run demo loads demo data and is not for production (NODE_ENV=production).');
  process.exit(1);
}

ensureDependencies();
await ensureServices(databaseUrl, redisUrl);
const { ensureDatabase } = await import('./lib-database.mjs');
await ensureDatabase(databaseUrl);
run('node', ['tools/build.mjs']);

/**
 * The api refuses to start without a JWT_SECRET of at least 32 bytes (README "Configuration"); the demo makes
 * one on its first run and keeps it in var/ (ignored by git), so a console login survives a restart.
 */
function demoJwtSecret() {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = join(root, 'var', 'demo-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(join(root, 'var'), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The key that encrypts marketplace Api-Keys at rest (README "Configuration"), made once and kept in var/ like the JWT secret. */
function demoMarketplaceKey() {
  if (process.env.MARKETPLACE_SECRET_KEY) return process.env.MARKETPLACE_SECRET_KEY;
  const file = join(root, 'var', 'demo-marketplace-secret-key');
  if (!existsSync(file)) {
    mkdirSync(join(root, 'var'), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const runtime = {
  JWT_SECRET: demoJwtSecret(),
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  PORT: port,
  TS_NODE_PROJECT: 'dist/tsconfig.json',
  QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? 'aftersale',
  // the request log would drown the terminal; LOG_LEVEL=info shows it
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // Demo Shop's Ozon account lives in the simulator (apps/ozon-sim), never the real Ozon
  MARKETPLACE_SECRET_KEY: demoMarketplaceKey(),
  OZON_API_URL: `http://127.0.0.1:${ozonSimPort}`,
  OZON_SIM_PORT: ozonSimPort,
};
run('node', ['-r', 'tsconfig-paths/register', 'dist/apps/demo-seed/src/seed.js'], {
  env: { ...process.env, ...runtime },
});

const children = [
  start('node', ['-r', 'tsconfig-paths/register', 'dist/apps/ozon-sim/src/main.js'], runtime),
  start('node', [...WORKER_NODE_FLAGS, '-r', 'tsconfig-paths/register', 'dist/apps/worker/src/main.js'], runtime),
  start('node', [...API_NODE_FLAGS, '-r', 'tsconfig-paths/register', 'dist/apps/api/src/main.js'], runtime),
];
async function announceWhenReady() {
  for (let i = 0; i < 120 && !stopping; i++) {
    const ready = await fetch(`http://localhost:${port}/api/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      await connectDemoShopToOzon();
      console.log(`\nAftersale is running on http://localhost:${port} — API under /api/v1, OpenAPI at /api/docs.`);
      console.log('Log in as agent@demo-shop.test / demo-password (see README). Ctrl-C stops it.\n');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Connects Demo Shop to its Ozon account in the simulator (Client-Id 100001, Api-Key demo-ozon-api-key) as its admin
 * would, through the api: the worker then imports the account's postings, conditional cancellations and returns.
 */
async function connectDemoShopToOzon() {
  const api = `http://localhost:${port}/api/v1`;
  const json = { 'Content-Type': 'application/json' };
  try {
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'admin@demo-shop.test', password: 'demo-password' }),
    });
    const { accessToken } = await login.json();
    const connected = await fetch(`${api}/marketplace/ozon`, {
      method: 'PUT',
      headers: { ...json, Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ clientId: '100001', apiKey: 'demo-ozon-api-key' }),
    });
    if (!connected.ok) throw new Error(`the api answered ${connected.status}`);
    console.log(`Demo Shop is connected to the Ozon simulator on http://localhost:${ozonSimPort} (Client-Id 100001).`);
  } catch (error) {
    console.error(`Could not connect Demo Shop to the Ozon simulator: ${error.message}`);
  }
}
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
let exited = 0;
for (const child of children) {
  child.on('exit', (code) => {
    exited++;
    if (!stopping && code !== 0) {
      console.error(`A process stopped with code ${code}; stopping the rest.`);
      stop('SIGTERM');
    }
    if (exited === children.length) process.exit(stopping ? 0 : 1);
  });
}
announceWhenReady();
