// Compiles the api, the worker and the libraries to dist/ (run with -r tsconfig-paths/register, TS_NODE_BASEURL=./dist).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, root, run } from './lib.mjs';

ensureDependencies();
rmSync(join(root, 'dist'), { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
console.log('Built dist/apps/api and dist/apps/worker.');
