import 'reflect-metadata';
import { ensureDatabase, migrateDatabase } from '@aftersale/server/persistence';
import { loadServerConfig } from '@aftersale/server/messaging';

/**
 * `npm run migrate` (and `node -r tsconfig-paths/register dist/apps/worker/src/migrate.js` from the build):
 * creates DATABASE_URL's database when missing and applies the pending migrations under the migration lock,
 * so it is safe beside workers starting with RUN_MIGRATIONS. Prints one line.
 */
async function main(): Promise<void> {
  const url = loadServerConfig().databaseUrl;
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  await ensureDatabase(url);
  const applied = await migrateDatabase(url);
  console.log(
    applied.length > 0
      ? `migrate: ${database}: applied ${applied.join(', ')}`
      : `migrate: ${database} is up to date, nothing applied`,
  );
}

main().catch((error: Error) => {
  console.error(`migrate: failed: ${error.message}`);
  process.exitCode = 1;
});
