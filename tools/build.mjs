// Compiles the api, the worker, the demo data seed and the libraries to dist/, builds the console into
// dist/apps/console, and writes dist/tsconfig.json so that
// `TS_NODE_PROJECT=dist/tsconfig.json node -r tsconfig-paths/register dist/apps/<app>/src/main.js`
// resolves the @aftersale/* aliases to the compiled folders.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, root, run } from './lib.mjs';

ensureDependencies();
rmSync(join(root, 'dist'), { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const paths = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, targets]) => [alias, targets.map((t) => t.replace(/\.ts$/, ''))]),
);
writeFileSync(
  join(root, 'dist', 'tsconfig.json'),
  JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }, null, 2),
);
console.log('Built dist/apps/api, dist/apps/worker and dist/apps/demo-seed.');
// the console (apps/console): Vite, into dist/apps/console, which the api serves at /
run('node', ['apps/console/build.mjs']);
