import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '@aftersale/contracts';
import { commandJobId, jobIdFor } from '@aftersale/server/messaging';
import { QueueWorkers } from '../infrastructure/queue-workers.service';

/**
 * A job that used up its attempts (PostgreSQL down for longer than its backoff, say) stays `failed` under its
 * id, so adding it again would do nothing: it is retried with its attempts counted afresh. False when the job
 * is still waiting, delayed or running.
 */
async function retryExhausted(job: Job): Promise<boolean> {
  if (!(await job.isFailed())) return false;
  await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return true;
}

/**
 * Re-delivers what Redis lost (docs/architecture.md#recovery-sweep): accepted commands, published events and unpaid refunds that are
 * not done after a while and whose job is gone are enqueued again, with the same job id; those whose job failed for
 * good are retried.
 */
@Injectable()
export class RecoverySweep {
  private readonly logger = new Logger(RecoverySweep.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: QueueWorkers,
  ) {}

  async sweep(olderThanMs = 30_000): Promise<{ commands: number; events: number; refunds: number }> {
    const since = new Date(Date.now() - olderThanMs);
    let commands = 0;
    const stale: { id: string; type: JobName }[] = await this.dataSource.query(
      `SELECT id, type FROM commands WHERE state = 'accepted' AND accepted_at < $1 ORDER BY accepted_at LIMIT 500`,
      [since],
    );
    for (const { id, type } of stale) {
      const queue = this.workers.queueFor(type);
      const job = await queue.getJob(commandJobId(id));
      if (job && !(await retryExhausted(job))) continue;
      if (!job) await queue.add(type, { commandId: id }, { jobId: commandJobId(id) });
      commands++;
    }
    let events = 0;
    const unprocessed: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM outbox WHERE published_at < $1 AND processed_at IS NULL ORDER BY published_at LIMIT 500`,
      [since],
    );
    const eventQueue = this.workers.queue(QueueName.Events);
    for (const { id } of unprocessed) {
      const job = await eventQueue.getJob(jobIdFor('evt', id));
      if (job && !(await retryExhausted(job))) continue;
      if (!job) await eventQueue.add(JobName.PublishedEvent, { outboxId: id }, { jobId: jobIdFor('evt', id) });
      events++;
    }
    let refunds = 0;
    const unpaid: { id: string; updated_at: Date }[] = await this.dataSource.query(
      `SELECT id, updated_at FROM refunds WHERE state IN ('pending', 'processing') AND updated_at < $1 ORDER BY updated_at LIMIT 500`,
      [since],
    );
    const refundQueue = this.workers.queueFor(JobName.ExecuteRefund);
    for (const { id, updated_at } of unpaid) {
      const jobId = jobIdFor('refund', id, `recover-${new Date(updated_at).getTime()}`);
      const job = await refundQueue.getJob(jobId);
      if (job && !(await retryExhausted(job))) continue;
      if (!job) await refundQueue.add(JobName.ExecuteRefund, { refundId: id }, { jobId });
      refunds++;
    }
    if (commands + events + refunds > 0)
      this.logger.warn(`re-enqueued ${commands} commands, ${events} events and ${refunds} refunds that Redis lost`);
    return { commands, events, refunds };
  }
}
