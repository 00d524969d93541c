import 'reflect-metadata';
import { createDataSource, DEFAULT_DATABASE_URL, runMigrationsLocked } from '@aftersale/server/persistence';
import { seedDemoData } from './demo/seed-demo-data';

/**
 * Loads the demo data (docs/api.md#principals) into DATABASE_URL after running the migrations, its photos into
 * the api's attachment directory (ATTACHMENTS_DIR, ./var/attachments by default); a database that has it
 * already is left as it is. Refuses to run in production. Prints one line.
 */
async function main(): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    console.error('seed: refusing to load demo data with NODE_ENV=production');
    return 1;
  }
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const dataSource = createDataSource(url, 2);
  try {
    await dataSource.initialize();
    await runMigrationsLocked(dataSource);
    const { created } = await seedDemoData(dataSource);
    if (!created) {
      console.log(`seed: demo data already present in ${database}, nothing created`);
      return 0;
    }
    const [counts] = await dataSource.query(`SELECT
      (SELECT count(*) FROM sellers)::int AS sellers, (SELECT count(*) FROM users)::int AS users,
      (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM cancellation_requests)::int AS cancellations,
      (SELECT count(*) FROM refunds)::int AS refunds, (SELECT count(*) FROM audit_events)::int AS events,
      (SELECT count(*) FROM return_cases)::int AS returns, (SELECT count(*) FROM parcels)::int AS parcels,
      (SELECT count(*) FROM parcels WHERE return_id IS NULL)::int AS unmatched, (SELECT count(*) FROM messages)::int AS messages,
      (SELECT count(*) FROM attachments)::int AS attachments`);
    console.log(
      `seed: demo data created in ${database}: ${counts.sellers} sellers, ${counts.users} users, ${counts.orders} orders, ` +
        `${counts.cancellations} cancellation requests, ${counts.returns} return cases, ${counts.refunds} refunds, ` +
        `${counts.parcels} parcels (${counts.unmatched} unmatched), ${counts.messages} messages, ${counts.attachments} photos, ${counts.events} audit events`,
    );
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`seed: failed: ${error.message}`);
    process.exitCode = 1;
  },
);
