import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Job } from 'bullmq';
import { JobName } from '@aftersale/contracts';
import { onJobOf } from './jobs';

/** What a handler returns becomes the job's return value (a command job's outcome, `CommandJobResult`). */
export type JobHandler = (job: Job) => Promise<unknown>;

/**
 * Job name → its one handler. The context modules fill it at start-up — command handlers through `CommandJobs`,
 * `@OnJob` methods found here — and the queue workers check it before they take any job: every job name of
 * libs/contracts has exactly one handler (docs/architecture.md#adding-a-use-case).
 */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const key of this.scanner.getAllMethodNames(prototype)) {
        const name = onJobOf(prototype[key]);
        if (!name) continue;
        const method = (instance[key] as (data: unknown, job: Job) => Promise<void>).bind(instance);
        this.register(name, (job) => method(job.data, job));
      }
    }
  }

  register(name: JobName, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} has two handlers`);
    this.handlers.set(name, handler);
  }

  /** The job names that have a handler, for the tests. */
  names(): string[] {
    return [...this.handlers.keys()];
  }

  assertComplete(): void {
    const missing = Object.values(JobName).filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new Error(`No handler for jobs: ${missing.join(', ')}`);
  }

  handle(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return handler(job);
  }
}
