import { TEST_DATABASE_BASE_URL } from '../../e2e/support/test-env';

/**
 * The medium tier's databases (README "Tests"): a migrated template, then a copy per Jest worker process, named
 * after TEST_DATABASE_URL with `_medium` so they never meet the end-to-end suites' databases.
 */
export const MEDIUM_TEMPLATE_URL = withName((name) => `${name}_medium`);
export const MEDIUM_MAX_WORKERS = 4;

export function mediumDatabaseUrl(workerId: string | number): string {
  return withName((name) => `${name}_medium_w${workerId}`);
}

function withName(rename: (name: string) => string): string {
  const url = new URL(TEST_DATABASE_BASE_URL);
  url.pathname = `/${rename(url.pathname.slice(1))}`;
  return url.toString();
}
