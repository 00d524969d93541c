import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { migrateDatabase } from '@aftersale/server/persistence';
import { loadServerConfig } from '@aftersale/server/messaging';
import { WorkerModule } from './worker.module';

/** The worker: no HTTP, only queues and loops. Scale it by running more copies. */
async function bootstrap(): Promise<void> {
  const config = loadServerConfig();
  if (process.env.RUN_MIGRATIONS === 'true') {
    const applied = await migrateDatabase(config.databaseUrl);
    Logger.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date', 'Worker');
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: false });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  Logger.log('worker started', 'Worker');
}

bootstrap().catch((error) => {
  Logger.error(error, 'Worker');
  process.exit(1);
});
