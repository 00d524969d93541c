import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventJobData, JobName } from '@aftersale/contracts';
import { DomainEvent } from '@aftersale/domain';
import { OutboxEventOrmEntity } from '@aftersale/server/persistence';
import { currentCorrelationId, jobIdFor, ServerConfig } from '@aftersale/server/messaging';
import { QueueWorkers } from '../infrastructure/queue-workers.service';

/** Jobs a reaction enqueues carry on the event's correlation id (docs/operations.md "Correlation id"). */
function correlated(): { correlationId?: string } {
  const correlationId = currentCorrelationId();
  return correlationId ? { correlationId } : {};
}

type StoredEvent = Omit<DomainEvent, 'at'> & { at: string; id: string };
type Reaction = (event: StoredEvent) => Promise<void>;

/**
 * What happens after an event is committed: process managers that start timers and refund payments.
 * Each consumer records an inbox row once it has reacted, so a redelivered event is not handled twice.
 */
@Injectable()
export class EventReactions {
  private readonly reactions: Record<string, Record<string, Reaction>> = {
    CancellationRequested: { 'schedule-cancellation-deadline': (event) => this.scheduleCancellationDeadline(event) },
    RefundCreated: { 'execute-refund': (event) => this.executeRefund(event) },
    RefundRetryRequested: { 'execute-refund': (event) => this.executeRefund(event) },
  };

  /** Every return event may move the case's next deadline; the timer is (re)armed from the row. */
  private reactionsTo(type: string, aggregateType: string): Record<string, Reaction> {
    const own = this.reactions[type] ?? {};
    return aggregateType === 'return'
      ? { ...own, 'schedule-return-deadline': (event) => this.scheduleReturnDeadline(event) }
      : own;
  }

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: QueueWorkers,
    private readonly config: ServerConfig,
  ) {}

  async handle({ outboxId }: EventJobData): Promise<void> {
    const row = await this.dataSource.getRepository(OutboxEventOrmEntity).findOneBy({ id: outboxId });
    if (!row || row.processedAt) return;
    const event = { ...(row.payload as Omit<StoredEvent, 'id'>), id: row.id };
    for (const [consumer, react] of Object.entries(this.reactionsTo(row.type, row.aggregateType))) {
      const done = await this.dataSource.query(`SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2`, [
        consumer,
        row.id,
      ]);
      if (done.length > 0) continue;
      await react(event);
      await this.dataSource.query(`INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        consumer,
        row.id,
      ]);
    }
    await this.dataSource.query(`UPDATE outbox SET processed_at = now() WHERE id = $1`, [row.id]);
  }

  private async scheduleCancellationDeadline(event: StoredEvent): Promise<void> {
    const deadlineAt = new Date(String(event.data.deadlineAt));
    if (Number.isNaN(deadlineAt.getTime())) return;
    await this.workers.queueFor(JobName.CancellationDeadline).add(
      JobName.CancellationDeadline,
      { caseId: event.aggregateId, ...correlated() },
      {
        jobId: jobIdFor('deadline', event.aggregateId),
        delay: Math.max(0, deadlineAt.getTime() + this.config.deadlineGraceMs - Date.now()),
      },
    );
  }

  private async scheduleReturnDeadline(event: StoredEvent): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT next_deadline_at FROM return_cases WHERE id = $1`, [
      event.aggregateId,
    ]);
    const at: Date | null = row?.next_deadline_at ? new Date(row.next_deadline_at) : null;
    if (!at) return;
    await this.workers.queueFor(JobName.ReturnDeadline).add(
      JobName.ReturnDeadline,
      { caseId: event.aggregateId, ...correlated() },
      {
        jobId: jobIdFor('deadline', event.aggregateId, String(at.getTime())),
        delay: Math.max(0, at.getTime() + this.config.deadlineGraceMs - Date.now()),
      },
    );
  }

  private async executeRefund(event: StoredEvent): Promise<void> {
    await this.workers
      .queueFor(JobName.ExecuteRefund)
      .add(
        JobName.ExecuteRefund,
        { refundId: event.aggregateId, ...correlated() },
        { jobId: jobIdFor('refund', event.aggregateId, event.id) },
      );
  }
}
