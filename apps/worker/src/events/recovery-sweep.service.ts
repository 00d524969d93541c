import { Injectable, Logger } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JobName, QueueName } from '@aftersale/contracts';
import { commandJobId, jobIdFor } from '@aftersale/server/messaging';
import { StaleWorkRows } from '@aftersale/server/persistence';
import { QueueWorkers } from '../infrastructure/queue-workers.service';

/** A re-enqueued job carries the correlation id its row kept. */
const correlated = (correlationId: string | null) => (correlationId ? { correlationId } : {});

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

/** Whether one of the jobs is still waiting, delayed or running: what it carries is not lost. */
async function anyAlive(queue: Queue, jobIds: string[]): Promise<boolean> {
  for (const jobId of jobIds) {
    const job = await queue.getJob(jobId);
    if (job && !['completed', 'failed', 'unknown'].includes(await job.getState())) return true;
  }
  return false;
}

/**
 * Re-delivers what Redis lost (docs/architecture.md#recovery-sweep): accepted commands, published events and unpaid refunds that are
 * not done after a while and whose job is gone are enqueued again, with the same job id; those whose job failed for
 * good are retried. A refund's jobs are its events' retry jobs and the sweep's own.
 */
@Injectable()
export class RecoverySweep {
  private readonly logger = new Logger(RecoverySweep.name);

  constructor(
    private readonly staleWork: StaleWorkRows,
    private readonly workers: QueueWorkers,
  ) {}

  async sweep(olderThanMs = 30_000): Promise<{ commands: number; events: number; refunds: number }> {
    const since = new Date(Date.now() - olderThanMs);
    let commands = 0;
    const stale = await this.staleWork.commands(since);
    for (const { id, type, correlation_id } of stale) {
      const queue = this.workers.queueFor(type as JobName);
      const job = await queue.getJob(commandJobId(id));
      if (job && !(await retryExhausted(job))) continue;
      if (!job)
        await queue.add(type as JobName, { commandId: id, ...correlated(correlation_id) }, { jobId: commandJobId(id) });
      commands++;
    }
    let events = 0;
    const unprocessed = await this.staleWork.events(since);
    const eventQueue = this.workers.queue(QueueName.Events);
    for (const { id, correlation_id } of unprocessed) {
      const job = await eventQueue.getJob(jobIdFor('evt', id));
      if (job && !(await retryExhausted(job))) continue;
      if (!job)
        await eventQueue.add(
          JobName.PublishedEvent,
          { outboxId: id, ...correlated(correlation_id) },
          { jobId: jobIdFor('evt', id) },
        );
      events++;
    }
    let refunds = 0;
    const unpaid = await this.staleWork.refunds(since);
    const refundQueue = this.workers.queueFor(JobName.ExecuteRefund);
    for (const { id, updated_at, correlation_id, event_ids } of unpaid) {
      // its events' retry job is waiting out a backoff (or running): the refund is not lost, and a job of the
      // sweep's would only take turns with it (docs/reliability.md, "One attempt at a time")
      if (
        await anyAlive(
          refundQueue,
          event_ids.map((eventId) => jobIdFor('refund', id, eventId)),
        )
      )
        continue;
      const jobId = jobIdFor('refund', id, `recover-${new Date(updated_at).getTime()}`);
      const job = await refundQueue.getJob(jobId);
      if (job && !(await retryExhausted(job))) continue;
      if (!job)
        await refundQueue.add(JobName.ExecuteRefund, { refundId: id, ...correlated(correlation_id) }, { jobId });
      refunds++;
    }
    if (commands + events + refunds > 0)
      this.logger.warn(`re-enqueued ${commands} commands, ${events} events and ${refunds} refunds that Redis lost`);
    return { commands, events, refunds };
  }
}
