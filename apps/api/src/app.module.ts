import { createSecretKey } from 'node:crypto';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import {
  AcceptedCommandRows,
  CommandRows,
  dataSourceOptions,
  MarketplaceConnections,
  onDataSource,
  ReasonRows,
  SellerSettingsStore,
  SellerStatsQuery,
  TenantRecords,
  UserAccounts,
  usePreparedStatements,
} from '@aftersale/server/persistence';
import { createJsonLogger, ServerConfig } from '@aftersale/server/messaging';
import { AuthGuard } from './infrastructure/auth/auth.guard';
import { CredentialCache } from './infrastructure/auth/credential-cache';
import { CommandGateway } from './infrastructure/commands/command-gateway.service';
import { AcceptedCommands } from './infrastructure/commands/accepted-commands';
import { QueueRegistry } from './infrastructure/commands/queue-registry';
import { HealthController } from './infrastructure/health/health.controller';
import { RedisHealthIndicator } from './infrastructure/health/redis.health';
import { ProblemFilter } from './infrastructure/problems/problem.filter';
import { RedisClient } from './infrastructure/redis-client';
import { PrincipalThrottlerGuard } from './infrastructure/throttle.guard';
import { principalRateLimit, RateLimitStorage } from './infrastructure/rate-limit-storage';
import { AuthController } from './auth/auth.controller';
import { OrdersController } from './orders/orders.controller';
import { CancellationsController } from './cancellations/cancellations.controller';
import { RefundsController } from './refunds/refunds.controller';
import { ReasonsController } from './reasons/reasons.controller';
import { ReasonsCatalogue } from './reasons/reasons-catalogue.service';
import { AuditEventsController } from './audit-events/audit-events.controller';
import { CommandsController } from './commands/commands.controller';
import { SellerSettingsController } from './sellers/seller-settings.controller';
import { GetCommandQueryHandler } from './commands/get-command/get-command.query-handler';
import { ReturnsController } from './returns/returns.controller';
import { ParcelsController } from './parcels/parcels.controller';
import { MessagesController } from './messages/messages.controller';
import { ListMessagesQueryHandler } from './messages/list-messages/list-messages.query-handler';
import { PostMessageService } from './messages/post-message/post-message.service';
import { AttachmentsController } from './attachments/attachments.controller';
import { GetAttachmentQueryHandler } from './attachments/get-attachment/get-attachment.query-handler';
import { ATTACHMENT_PROVIDERS } from './attachments/attachments.providers';
import { OPS_CONTROLLERS, OPS_PROVIDERS } from './ops/ops.providers';
import { consoleDirectory, ConsoleModule } from './console/console.module';
import { ListRecordsQueryHandler } from './infrastructure/lists/list-records.query-handler';
import { GetRecordQueryHandler } from './infrastructure/lists/get-record.query-handler';
import { RecordCommands } from './infrastructure/commands/record-commands';
import { StatsController } from './stats/stats.controller';
import { MarketplaceController } from './marketplace/marketplace.controller';
import { OzonConnections } from './marketplace/ozon-connection.service';
import { GetSellerStatsQueryHandler } from './stats/get-seller-stats/get-seller-stats.query-handler';
import { UsersController } from './users/users.controller';
import { CreateUserService } from './users/create-user/create-user.service';
import { UpdateUserService } from './users/update-user/update-user.service';
import { ResetPasswordService } from './users/reset-password/reset-password.service';

const QUERY_HANDLERS = [
  ListRecordsQueryHandler,
  GetRecordQueryHandler,
  GetCommandQueryHandler,
  ListMessagesQueryHandler,
  GetAttachmentQueryHandler,
  GetSellerStatsQueryHandler,
];

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig): DynamicModule {
    usePreparedStatements(config.databasePreparedStatements);
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LoggerModule.forRoot({
          // Nest 11's path syntax for "every route" (the library's default '*' is the old one)
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            // JSON lines with the correlation id, secrets redacted (docs/operations.md "Logs")
            logger: createJsonLogger('api', config.logLevel),
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          },
        }),
        TypeOrmModule.forRoot(
          dataSourceOptions(config.databaseUrl, config.databasePoolSize, config.databaseConnectionWaitMs, true),
        ),
        TerminusModule.forRoot(),
        // a KeyObject, made once: given the string, jsonwebtoken tries it as a PEM public key on every verify (and
        // throws, and catches) before it makes the secret key — 8 % of the api's busy CPU under the bench
        // (docs/benchmarks.md, 8)
        JwtModule.register({
          secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
          signOptions: { expiresIn: config.jwtTtlSeconds },
        }),
        ThrottlerModule.forRoot({
          throttlers: [principalRateLimit(config)],
          storage: new RateLimitStorage(config),
        }),
        ConsoleModule.forRoot(consoleDirectory(config)),
      ],
      controllers: [
        HealthController,
        MarketplaceController,
        AuthController,
        OrdersController,
        CancellationsController,
        RefundsController,
        ReasonsController,
        AuditEventsController,
        CommandsController,
        SellerSettingsController,
        ReturnsController,
        ParcelsController,
        MessagesController,
        AttachmentsController,
        ...OPS_CONTROLLERS,
        StatsController,
        UsersController,
      ],
      providers: [
        { provide: ServerConfig, useValue: config },
        { provide: QueueRegistry, useFactory: () => new QueueRegistry(config) },
        RedisClient,
        CredentialCache,
        RedisHealthIndicator,
        AcceptedCommands,
        CommandGateway,
        RecordCommands,
        OzonConnections,
        ReasonsCatalogue,
        ...QUERY_HANDLERS,
        onDataSource(SellerStatsQuery),
        onDataSource(UserAccounts),
        onDataSource(CommandRows),
        onDataSource(AcceptedCommandRows),
        onDataSource(ReasonRows),
        onDataSource(MarketplaceConnections),
        onDataSource(TenantRecords),
        onDataSource(SellerSettingsStore),
        PostMessageService,
        CreateUserService,
        UpdateUserService,
        ResetPasswordService,
        ...ATTACHMENT_PROVIDERS,
        ...OPS_PROVIDERS,
        { provide: APP_FILTER, useClass: ProblemFilter },
        AuthGuard,
        // in this order: the rate limit first (keyed on the principal the auth guard works out), then the permits
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
    };
  }
}
