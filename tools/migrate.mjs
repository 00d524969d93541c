// `npm run migrate`: builds, then applies the pending migrations to DATABASE_URL (created when missing),
// under the same advisory lock the workers take, so it is safe while workers start.
import { ensureDependencies, run } from './lib.mjs';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale';
ensureDependencies();
run('node', ['tools/build.mjs']);
run('node', ['-r', 'tsconfig-paths/register', 'dist/apps/worker/src/migrate.js'], {
  env: { ...process.env, DATABASE_URL: databaseUrl, TS_NODE_PROJECT: 'dist/tsconfig.json' },
});
