import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { BulkJobResult, JobView } from '@aftersale/contracts';
import { OpsReads } from '@aftersale/server/persistence';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { notFound, ProblemException } from '../../infrastructure/problems/problem.exception';
import { findJob, jobView, queueNamed, redisCall } from '../ops-jobs';

/** How many failed jobs one bulk retry takes at most (the rest: call it again). */
const BULK_LIMIT = 5000;

/**
 * Retry of a failed job, or of all failed jobs of a queue (docs/operations.md "Retrying"). A command
 * job's command row, if the worker gave it up as failed for a reason that is not a rule (status ≥ 500),
 * goes back to `accepted` first: otherwise the retried job would find it done and do nothing.
 */
@Injectable()
export class RetryJobsService {
  private readonly logger = new Logger(RetryJobsService.name);

  constructor(
    private readonly queues: QueueRegistry,
    private readonly reads: OpsReads,
  ) {}

  async retryOne(queueName: string, jobId: string): Promise<JobView> {
    const queue = queueNamed(this.queues, queueName);
    const found = await findJob(queue, jobId);
    if (!found) throw notFound('job');
    if (found.state !== 'failed')
      throw new ProblemException(
        'invalid-transition',
        `Only a failed job can be retried; this one is ${found.state}.`,
        {
          currentState: found.state,
        },
      );
    await this.reopenCommands([found.job]);
    await redisCall(found.job.retry('failed'), 'retrying a job');
    this.logger.log({ msg: 'job retried by ops', queue: queue.name, jobId });
    return jobView(queue.name, found.job, (await findJob(queue, jobId))?.state ?? 'missing');
  }

  async retryFailed(queueName: string): Promise<BulkJobResult> {
    const queue = queueNamed(this.queues, queueName);
    const failed = await redisCall(queue.getFailed(0, BULK_LIMIT - 1), 'reading failed jobs');
    await this.reopenCommands(failed.filter(Boolean));
    let count = 0;
    for (const job of failed.filter(Boolean)) {
      // one by one: a job removed or retried meanwhile is skipped, not an error for the whole batch
      await redisCall(job.retry('failed'), 'retrying a job').then(
        () => count++,
        () => undefined,
      );
    }
    this.logger.log({ msg: 'failed jobs retried by ops', queue: queue.name, count });
    return { queue: queue.name, count };
  }

  private async reopenCommands(jobs: Job[]): Promise<void> {
    const commandIds = jobs
      .map((job) => (job.data as { commandId?: unknown } | undefined)?.commandId)
      .filter((id): id is string => typeof id === 'string');
    if (commandIds.length === 0) return;
    await this.reads.reopenGivenUpCommands(commandIds);
  }
}
