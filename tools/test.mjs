// `npm test`: lint (module boundaries), typecheck, then every Jest test — unit, and end-to-end against the
// real PostgreSQL and Redis (a test database of its own, created and migrated by the tests).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDependencies, ensureServices, env, root, run } from './lib.mjs';

/**
 * The browser tests drive Debian's chromium (docs/console.md "Browser tests"); as root on Debian it is installed when
 * missing, with a CJK font so the Chinese screenshots are legible.
 */
function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
  const debianRoot = process.getuid?.() === 0 && existsSync('/etc/debian_version');
  if (existsSync(chromium) && (existsSync(cjkFont) || !debianRoot)) return;
  if (debianRoot) {
    const packages = ['chromium', 'fonts-wqy-zenhei'];
    console.log(`Installing ${packages.join(' and ')} for the browser tests (apt-get install -y)…`);
    const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
    if (spawnSync('apt-get', ['install', '-y', ...packages], quiet).status !== 0) {
      run('apt-get', ['update'], quiet);
      run('apt-get', ['install', '-y', ...packages], quiet);
    }
    return;
  }
  console.error(
    `Chromium is missing at ${chromium}: install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}

ensureDependencies();
await ensureServices(
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale_test',
  process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
);

console.log('\n▶ lint (eslint + Nx module boundaries, prettier)');
run('npx', ['nx', 'show', 'projects'], { stdio: 'ignore' }); // computes the project graph the boundary rule reads
run('npx', ['eslint', '.', '--max-warnings=0']);
run('npx', ['prettier', '--check', '.', '--log-level=warn']);
run('node', ['tools/ozon-types.mjs', '--check']); // the Ozon client's types are what Ozon's document generates
console.log('\n▶ typecheck');
run('npx', ['tsc', '-p', 'tsconfig.check.json', '--noEmit']);
run('npx', ['tsc', '-p', 'apps/console/tsconfig.json', '--noEmit']);
ensureChromium();
console.log('\n▶ console build (the browser tests use it, served by the api)');
run('node', ['apps/console/build.mjs']);
console.log('\n▶ unit and end-to-end tests');
mkdirSync(join(root, 'tmp'), { recursive: true });
const results = join(root, 'tmp', 'jest-results.json');
const jest = spawnSync(
  'npx',
  ['jest', '--ci', '--maxWorkers=2', '--json', `--outputFile=${results}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env },
);
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
}
process.exit(jest.status ?? 1);
