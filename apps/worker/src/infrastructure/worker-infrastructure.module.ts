import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ServerConfig } from '@aftersale/server/messaging';
import { WorkerMetrics } from '../ops/metrics/worker-metrics';
import { CommandExecution } from './command-execution.service';
import { CommandJobs } from './command-jobs.service';
import { EventConsumers } from './event-consumers';
import { IssuedRefunds } from './issued-refunds';
import { JobHandlerRegistry } from './job-handlers';
import { PeriodicTasks } from './periodic-tasks.service';
import { QueueWorkers } from './queue-workers.service';

/**
 * What every context module uses (docs/architecture.md#apps-and-libs): command execution, the queues and their
 * job registry, the loops, the metrics. Global, so a context module imports nothing to use them.
 */
@Module({})
export class WorkerInfrastructureModule {
  /** `queues`: stands in for the BullMQ queues and workers (the medium tests run without Redis) */
  static forRoot(config: ServerConfig, queues?: Partial<QueueWorkers>): DynamicModule {
    const queueProvider = queues ? { provide: QueueWorkers, useValue: queues } : QueueWorkers;
    const shared = [WorkerMetrics, JobHandlerRegistry, PeriodicTasks, EventConsumers, CommandExecution];
    const issuedRefunds = { provide: IssuedRefunds, useValue: new IssuedRefunds() };
    return {
      module: WorkerInfrastructureModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: ServerConfig, useValue: config }, queueProvider, issuedRefunds, ...shared, CommandJobs],
      exports: [ServerConfig, QueueWorkers, IssuedRefunds, ...shared],
    };
  }
}
