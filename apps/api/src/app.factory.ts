import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ServerConfig, withTimeout } from '@aftersale/server/messaging';
import { AppModule } from './app.module';
import { QueueRegistry } from './infrastructure/commands/queue-registry';
import { createJsonBodyReviver } from './infrastructure/problems/json-body';
import { createValidationPipe } from './infrastructure/problems/validation';
import { correlationMiddleware } from './infrastructure/correlation.middleware';
import { mountMetrics } from './ops/metrics/api-metrics';
import { mountBullBoard } from './ops/bull-board/bull-board';

/**
 * Express's `trust proxy` from `TRUST_PROXY` (README "Configuration"): which proxies' X-Forwarded-For to
 * believe when working out the client address the rate limits key on. Unset or `false`: none (the address
 * is the connection's); a number: that many hops; otherwise addresses or subnets (`loopback`,
 * `10.0.0.0/8`, comma-separated); `true` believes any sender, so only where nothing but the proxy can reach
 * the api.
 */
export function trustProxy(raw: string): boolean | number | string {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Builds the api (used by main.ts and by the end-to-end tests, so both run the same thing). */
export async function createApiApp(config: ServerConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    ...(options.logger === false ? { logger: false } : {}),
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: config.bodyLimit, reviver: createJsonBodyReviver() });
  app.use(correlationMiddleware);
  mountMetrics(app);
  mountBullBoard(app);
  app.set('trust proxy', trustProxy(config.trustProxy));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({ exposedHeaders: ['Content-Range', 'Location', 'Retry-After', 'X-Request-Id'] });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Aftersale API')
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'channel')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  // Redis may be down at start: the api still serves reads and answers commands with 503 until it is back.
  await withTimeout(app.get(QueueRegistry).waiter.ready(), 3000, 'subscribing to queue events').catch(() => undefined);
  return app;
}
