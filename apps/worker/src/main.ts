import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { migrateDatabase } from '@aftersale/server/persistence';
import { ConfigurationError, loadServerConfig } from '@aftersale/server/messaging';
import { WorkerModule } from './worker.module';
import { paymentAdapterName } from './payments/payment-adapters';
import { WorkerMetrics } from './ops/metrics/worker-metrics';

/** The worker: no HTTP, only queues and loops. Scale it by running more copies. */
async function bootstrap(): Promise<void> {
  const config = loadServerConfig();
  // settings that would make the worker do harm stop it here, before any work, with one line
  paymentAdapterName(config);
  if (config.runMigrations) {
    const applied = await migrateDatabase(config.databaseUrl);
    Logger.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date', 'Worker');
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  // SIGTERM: stop taking jobs, finish the active ones (bounded), close, exit 0 (docs/operations.md "Shutdown")
  const shutdown = (signal: string) => {
    Logger.log(`${signal}: shutting down`, 'Worker');
    app.close().then(
      () => process.exit(0),
      (error) => {
        Logger.error(error, 'Worker');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.get(WorkerMetrics).listen(config.workerMetricsPort, config.workerMetricsHost);
  Logger.log('worker started', 'Worker');
}

bootstrap().catch((error) => {
  if (error instanceof ConfigurationError) console.error(error.message);
  else Logger.error(error, 'Worker');
  process.exit(1);
});
