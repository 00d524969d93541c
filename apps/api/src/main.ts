import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigurationError, loadApiConfig } from '@aftersale/server/messaging';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadApiConfig();
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  Logger.log(`api listening on http://localhost:${config.port} (OpenAPI at /api/docs)`, 'Api');
}

bootstrap().catch((error) => {
  // a setting that is missing or wrong: one line saying which and how to fix it, no stack trace
  if (error instanceof ConfigurationError) console.error(`api: ${error.message}`);
  else Logger.error(error, 'Api');
  process.exit(1);
});
