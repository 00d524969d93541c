import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';
import { createDataSource } from './data-source';

/**
 * Every migrator takes this PostgreSQL advisory lock first (README "Operating"): two workers started together
 * with RUN_MIGRATIONS, or `npm run migrate` beside a starting worker, run the pending migrations one after
 * the other — the second finds nothing left to do — instead of racing to create the same tables.
 */
export const MIGRATION_LOCK = 'aftersale:migrations';

/** How often a migrator that found the lock taken tries again. */
const LOCK_RETRY_MS = 100;

/** Runs the pending migrations of an initialized data source under the lock; returns the names it applied. */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // session-level, on the connection that then runs the migrations: it needs one connection, not two. Tried
    // again until taken rather than waited for in `pg_advisory_lock`: a statement waiting there keeps its snapshot,
    // and an index built CONCURRENTLY by the migrator holding the lock (1767460000000) waits for every snapshot to
    // end — each would wait for the other (PostgreSQL: "deadlock detected"). Between tries the session holds none.
    while (!(await tryLock(runner))) await sleep(LOCK_RETRY_MS);
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

async function tryLock(runner: QueryRunner): Promise<boolean> {
  const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [MIGRATION_LOCK]);
  return locked;
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
