import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Dates in the console follow the language chosen in the app, not the browser's: react-admin's DateField and
 * toLocale…String() without a locale format in the browser's language. The console's DateField and useFormatDate
 * (apps/console/src/shared/dates.ts) pass the app's locale; nothing else formats a date on its own.
 */
const root = join(__dirname, '..', '..');
const src = join(root, 'apps', 'console', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("the console's dates", () => {
  const sources = files(src).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

  it("take DateField from shared/dates, not react-admin's", () => {
    const reactAdminImports = /import\s*\{([^}]*)\}\s*from\s*'react-admin'/g;
    const offenders = sources
      .filter(({ path }) => !path.endsWith('shared/dates.ts'))
      .filter(({ text }) =>
        [...text.matchAll(reactAdminImports)].some((m) => /\bDateField\b/.test(m[1].replace(/\bas\s+\w+/g, ''))),
      )
      .map(({ path }) => path);
    expect(offenders).toEqual([]);
  });

  it('never call toLocaleString, toLocaleDateString or toLocaleTimeString without a locale', () => {
    const offenders = sources
      .filter(({ text }) => /\.toLocale(Date|Time)?String\(\s*\)/.test(text))
      .map(({ path }) => path);
    expect(offenders).toEqual([]);
  });
});
