import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AttachmentStorage } from '@aftersale/server/persistence';
import { CommandExecution } from '../infrastructure/command-execution.service';
import { JobHandlerRegistry } from '../infrastructure/job-handlers';
import { QueueWorkers } from '../infrastructure/queue-workers.service';

/**
 * The worker's shared infrastructure (job registry, queues, command execution, attachment storage), which the worker's root module
 * provides; found once the application is built, so this module needs nothing of the root but its import.
 */
@Injectable()
export class MarketplaceRuntime {
  constructor(private readonly moduleRef: ModuleRef) {}

  registry(): JobHandlerRegistry {
    return this.moduleRef.get(JobHandlerRegistry, { strict: false });
  }

  queues(): QueueWorkers {
    return this.moduleRef.get(QueueWorkers, { strict: false });
  }

  attachments(): AttachmentStorage {
    return this.moduleRef.get(AttachmentStorage, { strict: false });
  }

  execution(): CommandExecution {
    return this.moduleRef.get(CommandExecution, { strict: false });
  }
}
