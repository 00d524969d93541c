import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, dataSourceOptions, MIGRATIONS } from '@aftersale/server/persistence';
import { TEST_DATABASE_BASE_URL } from './test-env';

/**
 * A scratch database of its own for this describe block, migrated up to just before `migration` (`older`, for the
 * rows written before it), then through it (`migrateRest`); dropped afterwards.
 */
export function databaseBefore(suffix: string, migration: string) {
  const name = `${new URL(TEST_DATABASE_BASE_URL).pathname.slice(1)}_${suffix}_${process.env.JEST_WORKER_ID ?? 1}`;
  const admin = new Client({
    connectionString: Object.assign(new URL(TEST_DATABASE_BASE_URL), { pathname: '/postgres' }).toString(),
  });
  const url = Object.assign(new URL(TEST_DATABASE_BASE_URL), { pathname: `/${name}` }).toString();
  const before = MIGRATIONS.findIndex((m) => m.name === migration);
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  return {
    /** the database as it was before the migration (destroy it before `migrateRest`) */
    async older(): Promise<DataSource> {
      expect(before).toBeGreaterThan(0);
      const older = new DataSource({ ...dataSourceOptions(url, 1), migrations: MIGRATIONS.slice(0, before) } as never);
      await older.initialize();
      await older.runMigrations({ transaction: 'each' });
      return older;
    },
    /** runs the remaining migrations, the one under test among them */
    async migrateRest(): Promise<DataSource> {
      dataSource = await createDataSource(url, 1).initialize();
      expect((await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name)).toContain(migration);
      return dataSource;
    },
  };
}
