// The same approval without the queue and without HTTP: the worker's module in this process (its queues and
// loops not started), each command row inserted as the api inserts it, then handed to the job's handler
// directly. argv: a JSON file { template, cancellationIds, clients, seconds }; prints a JSON result line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { closedLoop, USED_UP } from './ceiling.mjs';
import { cpuSeconds } from './measure.mjs';

const root = join(import.meta.dirname, '..', '..');
const { template, cancellationIds, clients, seconds } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
process.env.WORKER_AUTOSTART = 'false';
const require = createRequire(join(root, 'dist', 'index.js'));
require('tsconfig-paths/register');
const { NestFactory } = require('@nestjs/core');
const { DataSource } = require('typeorm');
const { WorkerModule } = require(join(root, 'dist/apps/worker/src/worker.module.js'));
const { JobHandlerRegistry } = require(join(root, 'dist/apps/worker/src/infrastructure/job-handlers.js'));
const { loadServerConfig } = require(join(root, 'dist/libs/server/messaging/src/index.js'));

const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(loadServerConfig()), { logger: false });
const registry = app.get(JobHandlerRegistry);
const dataSource = app.get(DataSource);
let next = 0;
/**
 * PostgreSQL's CPU for this process's statements: its backends (application_name `bench-in-process`, PGAPPNAME) read
 * before they end with the app — the bench's meter, reading after this process exits, would find them gone.
 */
const backendCpu = async () => {
  const rows = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'bench-in-process'`);
  return new Map(rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
};
const pg0 = await backendCpu();
const cpu0 = cpuSeconds(process.pid);
const result = await closedLoop(clients, seconds, async () => {
  const cancellationId = cancellationIds[next++];
  if (!cancellationId) return USED_UP;
  const commandId = randomUUID();
  await dataSource.query(
    `INSERT INTO commands (id, type, principal, seller_id, actor, request_key, idempotency_key, body_hash, payload, resource_type, resource_id, success_status)
     VALUES ($1, 'ApproveCancellation', $2, $3, $4, $5, $6, $7, $8, 'cancellation', $9, 200)`,
    [
      commandId,
      template.principal,
      template.seller_id,
      JSON.stringify(template.actor),
      template.request_key,
      randomUUID(),
      template.body_hash,
      JSON.stringify({ cancellationId }),
      cancellationId,
    ],
  );
  await registry.handle({
    id: `cmd-${commandId}`,
    name: 'ApproveCancellation',
    data: { commandId },
    attemptsMade: 0,
    opts: { attempts: 1 },
  });
});
const cpu = cpuSeconds(process.pid) - cpu0;
let postgresCpuSeconds = 0;
for (const [pid, seconds] of await backendCpu()) postgresCpuSeconds += seconds - (pg0.get(pid) ?? 0);
await app.close();
process.stdout.write(
  `${JSON.stringify({ ...result, processCpuSeconds: cpu, postgresCpuSeconds, used: Math.min(next, cancellationIds.length) })}\n`,
);
process.exit(0);
