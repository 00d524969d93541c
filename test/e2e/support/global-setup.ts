import { Client } from 'pg';
import { createDataSource } from '../../../libs/server/persistence/src/data-source';
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
    const dataSource = await createDataSource(TEST_DATABASE_BASE_URL, 1).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
    for (let worker = 1; worker <= MAX_TEST_WORKERS; worker++) {
      const name = nameOf(workerDatabaseUrl(worker));
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    }
  } finally {
    await client.end();
  }
}
