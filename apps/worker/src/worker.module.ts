import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, usePreparedStatements } from '@aftersale/server/persistence';
import { createJsonLogger, loadServerConfig, ServerConfig } from '@aftersale/server/messaging';
import { LoggerModule } from 'nestjs-pino';
import { WORKER_CONNECTION_WAIT_MS } from './infrastructure/database-pool';
import { WorkerInfrastructureModule } from './infrastructure/worker-infrastructure.module';
import { QueueWorkers } from './infrastructure/queue-workers.service';
import { PaymentsModule, PaymentsOptions } from './payments/payments.module';
import { OrdersModule } from './orders/orders.module';
import { CancellationsModule } from './cancellations/cancellations.module';
import { ReturnsModule } from './returns/returns.module';
import { ParcelsModule } from './parcels/parcels.module';
import { RefundsModule } from './refunds/refunds.module';
import { EventsModule } from './events/events.module';
import { RetentionModule } from './retention/retention.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { MarketplaceModule } from './marketplace/marketplace.module';

export interface WorkerModuleOptions extends PaymentsOptions {
  /** stands in for the BullMQ queues and workers (the medium tests run without Redis) */
  queues?: Partial<QueueWorkers>;
}

/**
 * The worker, composed: shared infrastructure, then one module per context, each declaring its handlers and
 * registering its own jobs, reactions and loops (docs/architecture.md#adding-a-use-case).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: ServerConfig = loadServerConfig(), options: WorkerModuleOptions = {}): DynamicModule {
    usePreparedStatements(config.databasePreparedStatements);
    return {
      module: WorkerModule,
      imports: [
        CqrsModule.forRoot(),
        // fewer connections than job slots: PostgreSQL's CPU per command grows with the connections working at once
        // (docs/benchmarks.md, 25)
        TypeOrmModule.forRoot(
          dataSourceOptions(config.databaseUrl, config.workerDatabasePoolSize, WORKER_CONNECTION_WAIT_MS, true),
        ),
        // JSON lines with the correlation id of the job being handled (docs/operations.md "Logs")
        LoggerModule.forRoot({ pinoHttp: { logger: createJsonLogger('worker', config.logLevel) } }),
        WorkerInfrastructureModule.forRoot(config, options.queues),
        PaymentsModule.forRoot(config, options),
        EventsModule,
        OrdersModule,
        CancellationsModule,
        ReturnsModule,
        ParcelsModule,
        RefundsModule,
        RetentionModule,
        AttachmentsModule,
        MarketplaceModule,
      ],
    };
  }
}
