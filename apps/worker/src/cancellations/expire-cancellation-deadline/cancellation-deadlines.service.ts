import { Injectable } from '@nestjs/common';
import {
  clearDeadlineFailure,
  databaseNow,
  DeadlineTimerRows,
  earliestAcceptedCommandAt,
} from '@aftersale/server/persistence';
import { jobIdFor, ServerConfig } from '@aftersale/server/messaging';
import { DeadlineJobData, JobName } from '@aftersale/contracts';
import { DEADLINE_ACTOR } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { OnJob } from '../../infrastructure/jobs';
import { QueueWorkers } from '../../infrastructure/queue-workers.service';
import { correlated, StoredEvent } from '../../events/event-reactions.service';
import { loadCancellationWithOrder, refundCancelledOrder } from '../cancellation-loading';
import { TransactionContext } from '../../infrastructure/transaction-context';
import { CaseDeadlineTimer } from '../../infrastructure/deadline-timers';

const DECISIONS = [JobName.ApproveCancellation, JobName.RejectCancellation, JobName.WithdrawCancellation];
/**
 * What answers a carrier's request on a shipped order besides a decision: the order delivered or refused at the
 * door supersedes it (docs/rules.md#cancellations), so a delivery accepted before the deadline wins too.
 */
const DELIVERIES = [JobName.DeliverOrder, JobName.RefuseDelivery];

/**
 * The seller's decision deadline (docs/rules.md#the-sellers-deadline): when it passes with no decision the request is
 * auto-approved, with the same effects as an approval. A delayed job fires it on time; the periodic sweep
 * fires any that Redis lost. Firing a decided request does nothing, and a decision the api accepted before
 * the deadline wins even when the worker has not applied it yet: the timer fires a grace period after the
 * deadline, by the database's clock, so such a decision is committed and seen (docs/api.md "Deadlines and
 * the clock").
 */
@Injectable()
export class CancellationDeadlines extends CaseDeadlineTimer {
  constructor(
    private readonly execution: CommandExecution,
    timers: DeadlineTimerRows,
    private readonly workers: QueueWorkers,
    config: ServerConfig,
  ) {
    super('cancellation', timers, config);
  }

  /** On `CancellationRequested`: the delayed job that fires the deadline, a grace period after it. */
  async schedule(event: StoredEvent): Promise<void> {
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

  /** `at`: the clock reading to fire by (the tests move it); the database's clock otherwise. */
  fire(cancellationId: string, at?: Date): Promise<boolean> {
    return this.execution.runSystem(async (tx) => {
      const now = at ?? (await databaseNow(tx.manager));
      await clearDeadlineFailure(tx.manager, 'cancellation', cancellationId);
      const { request, order } = await loadCancellationWithOrder(tx, cancellationId, null);
      const deadlineAt = request.deadlineAt;
      if (!deadlineAt || now.getTime() < deadlineAt.getTime() + this.config.deadlineGraceMs) return false;
      const answeredAt = await this.acceptedAnswerAt(tx, cancellationId, order.status === 'shipped' ? order.id : null);
      const events = request.expireDeadline(order, now, answeredAt);
      if (events.length === 0) return false;
      tx.record(events);
      await tx.orders.save(order);
      await tx.cancellations.save(request);
      await refundCancelledOrder(tx, order, request, DEADLINE_ACTOR, now);
      return this.noteOnCase(tx, {
        sellerId: request.sellerId,
        caseId: request.id,
        orderId: order.id,
        body: 'The seller did not decide before the deadline: the request was approved automatically and a full refund was started.',
      });
    });
  }

  @OnJob(JobName.CancellationDeadline)
  onTime({ caseId }: DeadlineJobData): Promise<void> {
    return this.fireOnTime(caseId);
  }

  /** The earliest decision on the request, or delivery of its shipped order, accepted and not yet applied. */
  private async acceptedAnswerAt(
    tx: TransactionContext,
    cancellationId: string,
    shippedOrderId: string | null,
  ): Promise<Date | null> {
    const decidedAt = await earliestAcceptedCommandAt(tx.manager, cancellationId, DECISIONS);
    const deliveredAt = shippedOrderId ? await earliestAcceptedCommandAt(tx.manager, shippedOrderId, DELIVERIES) : null;
    if (!decidedAt || !deliveredAt) return decidedAt ?? deliveredAt ?? null;
    return decidedAt < deliveredAt ? decidedAt : deliveredAt;
  }
}
