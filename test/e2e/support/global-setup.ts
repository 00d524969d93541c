import { Client } from 'pg';
import { createDataSource } from '../../../libs/server/persistence/src/data-source';
import { ensureDatabase } from '../../../libs/server/persistence/src/ensure-database';
import { TEST_DATABASE_URL } from './test-env';

/** A fresh test database for each run, migrated the way the demo and production are. */
export default async function globalSetup(): Promise<void> {
  const admin = new URL(TEST_DATABASE_URL);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  await ensureDatabase(TEST_DATABASE_URL);
  const dataSource = await createDataSource(TEST_DATABASE_URL, 1).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
