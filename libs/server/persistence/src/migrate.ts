import { DataSource, MigrationExecutor } from 'typeorm';
import { createDataSource } from './data-source';

/**
 * Every migrator takes this PostgreSQL advisory lock first (README "Operating"): two workers started together
 * with RUN_MIGRATIONS, or `npm run migrate` beside a starting worker, run the pending migrations one after
 * the other — the second finds nothing left to do — instead of racing to create the same tables.
 */
export const MIGRATION_LOCK = 'aftersale:migrations';

/** Runs the pending migrations of an initialized data source under the lock; returns the names it applied. */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // session-level, on the connection that then runs the migrations: it needs one connection, not two
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return (await executor.executePendingMigrations()).map((migration) => migration.name);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** Connects to `url`, migrates it under the lock and disconnects. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = await createDataSource(url, 1).initialize();
  try {
    return await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
