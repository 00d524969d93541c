import { Injectable, Logger } from '@nestjs/common';
import { BulkJobResult } from '@aftersale/contracts';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { notFound, ProblemException } from '../../infrastructure/problems/problem.exception';
import { findJob, queueNamed, redisCall } from '../ops-jobs';

/**
 * Discarding a job removes it from Redis (docs/operations.md "Retrying"); what it was about stays in
 * PostgreSQL. An active job cannot be discarded: a worker holds it.
 */
@Injectable()
export class DiscardJobsService {
  private readonly logger = new Logger(DiscardJobsService.name);

  constructor(private readonly queues: QueueRegistry) {}

  async discardOne(queueName: string, jobId: string): Promise<void> {
    const queue = queueNamed(this.queues, queueName);
    const found = await findJob(queue, jobId);
    if (!found) throw notFound('job');
    if (found.state === 'active')
      throw new ProblemException('invalid-transition', 'The job is being processed; it cannot be discarded now.', {
        currentState: found.state,
      });
    await redisCall(found.job.remove(), 'removing a job');
    this.logger.log({ msg: 'job discarded by ops', queue: queue.name, jobId, state: found.state });
  }

  async discardFailed(queueName: string): Promise<BulkJobResult> {
    const queue = queueNamed(this.queues, queueName);
    const removed = await redisCall(queue.clean(0, 0, 'failed'), 'removing failed jobs');
    this.logger.log({ msg: 'failed jobs discarded by ops', queue: queue.name, count: removed.length });
    return { queue: queue.name, count: removed.length };
  }
}
