import { Client } from 'pg';
import { migrateDatabase } from '../../../libs/server/persistence/src/migrate';
import { MAX_TEST_WORKERS, TEST_DATABASE_BASE_URL, workerDatabaseUrl } from './test-env';

const nameOf = (url: string) => new URL(url).pathname.slice(1);

/**
 * Fresh test databases for each run: one migrated the way the demo and production are, then a copy of it
 * for each Jest worker process (CREATE DATABASE … TEMPLATE is a file copy, much faster than migrating).
 */
export default async function globalSetup(): Promise<void> {
  const admin = new URL(TEST_DATABASE_BASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const template = nameOf(TEST_DATABASE_BASE_URL);
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${template}"`);
    await migrateDatabase(TEST_DATABASE_BASE_URL);
    for (let worker = 1; worker <= MAX_TEST_WORKERS; worker++) {
      const name = nameOf(workerDatabaseUrl(worker));
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    }
  } finally {
    await client.end();
  }
}
