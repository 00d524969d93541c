import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadServerConfig } from '@aftersale/server/messaging';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadServerConfig();
  const app = await createApiApp(config);
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  Logger.log(`api listening on http://localhost:${port} (OpenAPI at /api/docs)`, 'Api');
}

bootstrap().catch((error) => {
  Logger.error(error, 'Api');
  process.exit(1);
});
