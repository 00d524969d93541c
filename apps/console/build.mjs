// Builds the console into dist/apps/console and prints the gzip size of the JavaScript a first visit loads
// (the entry chunk and what it imports statically); over 400 kB fails the build (resources load lazily).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const LIMIT_KB = 400;
const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(here, '../../dist/apps/console');

await build({ configFile: join(here, 'vite.config.mts'), logLevel: 'warn' });

const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8'));
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) visit(imported);
};
visit(entryKey);
const bytes = [...seen].reduce((sum, key) => sum + gzipSync(readFileSync(join(outDir, manifest[key].file))).length, 0);
const kb = (bytes / 1024).toFixed(1);
console.log(`Console built in dist/apps/console: entry JavaScript ${kb} kB gzip (limit ${LIMIT_KB} kB).`);
if (bytes > LIMIT_KB * 1024) {
  console.error(`The console's entry JavaScript is over ${LIMIT_KB} kB gzip: load more of it lazily.`);
  process.exit(1);
}
