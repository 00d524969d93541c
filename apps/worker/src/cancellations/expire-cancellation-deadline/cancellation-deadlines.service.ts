import { Injectable, Logger } from '@nestjs/common';
import {
  clearDeadlineFailure,
  databaseNow,
  DeadlineTimerRows,
  earliestAcceptedCommandAt,
  postSystemMessage,
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
import { fireEach } from '../../infrastructure/deadline-timers';

const DECISIONS = [JobName.ApproveCancellation, JobName.RejectCancellation, JobName.WithdrawCancellation];

/**
 * The seller's decision deadline (docs/rules.md#the-sellers-deadline): when it passes with no decision the request is
 * auto-approved, with the same effects as an approval. A delayed job fires it on time; the periodic sweep
 * fires any that Redis lost. Firing a decided request does nothing, and a decision the api accepted before
 * the deadline wins even when the worker has not applied it yet: the timer fires a grace period after the
 * deadline, by the database's clock, so such a decision is committed and seen (docs/api.md "Deadlines and
 * the clock").
 */
@Injectable()
export class CancellationDeadlines {
  private readonly logger = new Logger(CancellationDeadlines.name);

  constructor(
    private readonly execution: CommandExecution,
    private readonly timers: DeadlineTimerRows,
    private readonly workers: QueueWorkers,
    private readonly config: ServerConfig,
  ) {}

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
      const events = request.expireDeadline(order, now, await this.acceptedDecisionAt(tx, cancellationId));
      if (events.length === 0) return false;
      tx.record(events);
      await tx.orders.save(order);
      await tx.cancellations.save(request);
      await refundCancelledOrder(tx, order, request, DEADLINE_ACTOR, now);
      await tx.flushEvents(); // the transition first in the case's timeline, then the note about it
      await postSystemMessage(tx.manager, {
        sellerId: request.sellerId,
        caseType: 'cancellation',
        caseId: request.id,
        orderId: order.id,
        body: 'The seller did not decide before the deadline: the request was approved automatically and a full refund was started.',
      });
      return true;
    });
  }

  /** The delayed job's way in: a request whose timer throws is recorded like the sweep records it. */
  @OnJob(JobName.CancellationDeadline)
  async fireOnTime({ caseId }: DeadlineJobData): Promise<void> {
    await fireEach(this.timers, this.logger, 'cancellation', [caseId], (id) => this.fire(id));
  }

  /** Fires every request past its deadline and grace; returns how many were auto-approved. */
  async sweep(): Promise<number> {
    const due = await this.timers.due('cancellation', this.config.deadlineGraceMs, 500);
    return fireEach(this.timers, this.logger, 'cancellation', due, (id) => this.fire(id));
  }

  private acceptedDecisionAt(tx: TransactionContext, cancellationId: string): Promise<Date | null> {
    return earliestAcceptedCommandAt(tx.manager, cancellationId, DECISIONS);
  }
}
