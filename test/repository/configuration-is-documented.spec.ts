import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every environment variable the code reads is in README.md's "Configuration" table (its first column), so an
 * operator learns of a setting from the README, not by reading the source. Test-only variables live in test/,
 * which is not scanned.
 */
const root = join(__dirname, '..', '..');
const SCANNED = ['apps', 'libs', 'tools', 'docker'];
const SKIPPED = new Set(['node_modules', 'dist', 'tmp', 'var', '.nx']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|cjs|js)$/.test(name) && !/\.(spec|e2e-spec)\.tsx?$/.test(name) ? [path] : [];
  });
}

/** `process.env.NAME`, `process.env['NAME']`, and the helpers that take a variable's name (`envNumber('NAME', …)`). */
const READS = [
  /process\.env\.([A-Z][A-Z0-9_]*)\b(?!\s*=(?!=))/g, // a read, not an assignment
  /process\.env\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
  /\b(?:env[A-Z]\w*|numberFrom)\(\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g,
  /import\.meta\.env\.([A-Z][A-Z0-9_]*)/g,
];

function variablesRead(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of SCANNED.flatMap((dir) => sourceFiles(join(root, dir)))) {
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

describe('configuration (README "Configuration")', () => {
  it('every environment variable the code reads is in the README configuration table', () => {
    const documented = documentedVariables();
    expect(documented.size).toBeGreaterThan(0);
    const missing = [...variablesRead()]
      .filter(([name]) => !documented.has(name))
      .map(([name, files]) => `${name} (read in ${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });
});
