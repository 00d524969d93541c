import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JobName } from '@aftersale/contracts';
import { loadServerConfig } from '@aftersale/server/messaging';
import { migrateDatabase, MIGRATIONS } from '@aftersale/server/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { JobHandlerRegistry } from '../../apps/worker/src/infrastructure/job-handlers';
import { TEST_DATABASE_BASE_URL, TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

/** A database of this suite's own, created empty and dropped afterwards. */
async function withFreshDatabase(suffix: string, use: (url: string) => Promise<void>): Promise<void> {
  const url = new URL(TEST_DATABASE_BASE_URL);
  const name = `${url.pathname.slice(1)}_${suffix}_${process.env.JEST_WORKER_ID ?? 1}`;
  const admin = new URL(TEST_DATABASE_BASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    url.pathname = `/${name}`;
    await use(url.toString());
  } finally {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}

describe('workers starting together (README "Operating")', () => {
  it('two migrators started at once on a fresh database apply each migration exactly once, both succeed', async () => {
    await withFreshDatabase('migrate_race', async (url) => {
      const [first, second] = await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
      expect([...first, ...second].sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
      const check = new Client({ connectionString: url });
      await check.connect();
      try {
        const { rows } = await check.query(`SELECT name FROM migrations ORDER BY id`);
        expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
        // a third start finds nothing to do
        expect(await migrateDatabase(url)).toEqual([]);
      } finally {
        await check.end();
      }
    });
  });
});

describe("the worker's database pool is a few connections, whatever its concurrency", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function workerPoolMax(): Promise<number> {
    process.env.WORKER_AUTOSTART = 'false';
    const config = { ...loadServerConfig(), databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL };
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    try {
      const driver = worker.get(DataSource).driver as unknown as { master: { options: { max: number } } };
      return driver.master.options.max;
    } finally {
      await worker.close();
    }
  }

  it('10 connections by default, fewer than its job slots, which wait for one (docs/benchmarks.md, 25, 39)', async () => {
    process.env.WORKER_CONCURRENCY = '8';
    process.env.WORKER_EVENTS_CONCURRENCY = '48';
    delete process.env.WORKER_DATABASE_POOL_SIZE;
    expect(await workerPoolMax()).toBe(10);
  });

  it('WORKER_DATABASE_POOL_SIZE sets it explicitly', async () => {
    process.env.WORKER_DATABASE_POOL_SIZE = '7';
    expect(await workerPoolMax()).toBe(7);
  });
});

describe('the composed worker (docs/architecture.md#adding-a-use-case)', () => {
  it('its context modules give every job name of libs/contracts exactly one handler', async () => {
    process.env.WORKER_AUTOSTART = 'false';
    const config = { ...loadServerConfig(), databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL };
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    try {
      const registry = worker.get(JobHandlerRegistry);
      expect(() => registry.assertComplete()).not.toThrow();
      expect(registry.names().sort()).toEqual(Object.values(JobName).sort());
    } finally {
      await worker.close();
    }
  });
});
