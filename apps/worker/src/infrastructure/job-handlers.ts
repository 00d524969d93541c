import { Job } from 'bullmq';
import { JobName } from '@aftersale/contracts';

export type JobHandler = (job: Job) => Promise<void>;

/**
 * Job name → its one handler. Filled by the modules at start-up, then checked: every job name of
 * libs/contracts has exactly one handler (docs/architecture.md#how-to-add-a-use-case).
 */
export class JobHandlerRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  register(name: JobName, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`Job ${name} has two handlers`);
    this.handlers.set(name, handler);
  }

  assertComplete(): void {
    const missing = Object.values(JobName).filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new Error(`No handler for jobs: ${missing.join(', ')}`);
  }

  handle(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return handler(job);
  }
}
