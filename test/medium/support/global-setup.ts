import { Client } from 'pg';
import { migrateDatabase } from '../../../libs/server/persistence/src/migrate';
import { MEDIUM_MAX_WORKERS, MEDIUM_TEMPLATE_URL, mediumDatabaseUrl } from './medium-env';

const nameOf = (url: string) => new URL(url).pathname.slice(1);

/** A migrated template, copied for each Jest worker process (a file copy, much faster than migrating). */
export default async function globalSetup(): Promise<void> {
  const admin = new URL(MEDIUM_TEMPLATE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const template = nameOf(MEDIUM_TEMPLATE_URL);
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${template}"`);
    await migrateDatabase(MEDIUM_TEMPLATE_URL);
    for (let worker = 1; worker <= MEDIUM_MAX_WORKERS; worker++) {
      const name = nameOf(mediumDatabaseUrl(worker));
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    }
  } finally {
    await client.end();
  }
}
