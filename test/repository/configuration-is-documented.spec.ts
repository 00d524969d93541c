import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { settingVariables } from '@aftersale/server/messaging';

/**
 * README.md's "Configuration" table (its first column) and the configuration (libs/server/messaging
 * server-config.ts) name the same variables: every setting is documented, and every documented variable is a
 * setting or is read by a tool (apps/ozon-sim, apps/demo-seed, tools/, docker/, the console's dev server) or by
 * the test suite. Outside the configuration and the tools, nothing reads the environment, so the table stays
 * the whole list.
 */
const root = join(__dirname, '..', '..');
const TOOLS = ['apps/ozon-sim', 'apps/demo-seed', 'apps/console', 'tools', 'docker'];
const CONFIGURATION = 'libs/server/messaging/src/server-config.ts';
const SKIPPED = new Set(['node_modules', 'dist', 'tmp', 'var', '.nx']);

function sourceFiles(dir: string, tests = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path, tests);
    if (!/\.(ts|tsx|mts|mjs|cjs|js)$/.test(name)) return [];
    return tests || !/\.(spec|e2e-spec)\.tsx?$/.test(name) ? [path] : [];
  });
}

/** `process.env.NAME`, `process.env['NAME']`, `env.NAME` (a tool's own environment argument), `import.meta.env.NAME`. */
const READS = [
  /process\.env\.([A-Z][A-Z0-9_]*)\b(?!\s*=(?!=))/g, // a read, not an assignment
  /process\.env\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
  /\benv\.([A-Z][A-Z0-9_]*)\b(?!\s*=(?!=))/g,
  /import\.meta\.env\.([A-Z][A-Z0-9_]*)/g,
];

function variablesRead(files: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of READS) {
      for (const match of text.matchAll(pattern)) {
        const where = found.get(match[1]) ?? [];
        where.push(relative(root, file));
        found.set(match[1], where);
      }
    }
  }
  return found;
}

function documentedVariables(): Set<string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) continue;
    const firstColumn = line.split('|')[1] ?? '';
    for (const match of firstColumn.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(match[1]);
  }
  return names;
}

const listed = (found: Map<string, string[]>, names: string[]) =>
  names.map((name) => `${name} (read in ${[...new Set(found.get(name) ?? [])].join(', ')})`);

describe('configuration (README "Configuration")', () => {
  const documented = documentedVariables();
  const settings = new Set(settingVariables());
  const byTools = variablesRead(TOOLS.flatMap((dir) => sourceFiles(join(root, dir))));
  const byTests = variablesRead(sourceFiles(join(root, 'test'), true));

  it('documents every setting of the configuration', () => {
    expect(settings.size).toBeGreaterThan(0);
    expect([...settings].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents only settings, and the variables the tools and the tests read', () => {
    const unknown = [...documented].filter((name) => !settings.has(name) && !byTools.has(name) && !byTests.has(name));
    expect(unknown).toEqual([]);
  });

  it('documents every variable a tool reads', () => {
    const missing = [...byTools.keys()].filter((name) => !documented.has(name) && !settings.has(name));
    expect(listed(byTools, missing)).toEqual([]);
  });

  it('has nothing but the configuration read the environment in apps/api, apps/worker and libs', () => {
    const files = ['apps/api', 'apps/worker', 'libs']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => relative(root, file) !== CONFIGURATION);
    const found = variablesRead(files);
    const direct = files
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')))
      .map((f) => relative(root, f));
    expect({ variables: listed(found, [...found.keys()]), files: direct }).toEqual({ variables: [], files: [] });
  });
});
