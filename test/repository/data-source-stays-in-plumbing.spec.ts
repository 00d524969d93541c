import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * docs/architecture.md "Where SQL lives": outside the plumbing in `infrastructure/`, no app holds the DataSource — a
 * service injects a query service from libs/server/persistence (its module provides it with `onDataSource(…)`), or
 * calls a named query with the transaction's manager it was handed. A file of apps/ that imports the DataSource, its
 * injection decorator or token, or makes one, is either on this list (with why) or a mistake.
 */
const root = join(__dirname, '..', '..');
const PLUMBING: Record<string, string> = {
  'apps/api/src/infrastructure/commands/command-gateway.service.ts': 'the command row and the inline transaction',
  'apps/worker/src/infrastructure/command-execution.service.ts': "the command's one transaction",
  'apps/worker/src/infrastructure/command-jobs.service.ts': "a command job's transaction",
  'apps/demo-seed/src/seed.ts': 'a tool (type:tool), not an app: the demo data through its own data source',
  'apps/demo-seed/src/demo/seed-demo-data.ts':
    'a tool (type:tool), not an app: the demo data through its own data source',
};
const SKIPPED = new Set(['node_modules', 'dist', 'tmp', 'var', '.nx']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.(spec|e2e-spec|medium-spec)\.tsx?$/.test(name) ? [path] : [];
  });
}

/** an import of the DataSource (the type, the default connection's token), its decorator or token, or its factory */
const HOLDS_DATA_SOURCE =
  /import\s+(?:type\s+)?\{[^}]*\b(?:DataSource|InjectDataSource|getDataSourceToken|createDataSource)\b[^}]*\}\s*from\s*'[^']+'/;

describe('SQL lives in persistence (docs/architecture.md "Where SQL lives")', () => {
  it('has no file of the apps hold the DataSource outside the plumbing', () => {
    const files = sourceFiles(join(root, 'apps')).map((file) => relative(root, file).split('\\').join('/'));
    expect(files.length).toBeGreaterThan(0);
    const holding = files.filter((file) => HOLDS_DATA_SOURCE.test(readFileSync(join(root, file), 'utf8')));
    expect(holding.filter((file) => !(file in PLUMBING))).toEqual([]);
  });

  it('lists as plumbing only files that still hold it', () => {
    // a file that stopped holding it leaves the list, so the list stays the whole exception
    const stale = Object.keys(PLUMBING).filter(
      (file) => !HOLDS_DATA_SOURCE.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(stale).toEqual([]);
  });
});
