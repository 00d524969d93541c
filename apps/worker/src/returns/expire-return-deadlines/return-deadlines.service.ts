import { Injectable } from '@nestjs/common';
import {
  clearDeadlineFailure,
  databaseNow,
  DeadlineTimerRows,
  earliestAcceptedCommandAt,
} from '@aftersale/server/persistence';
import { jobIdFor, ServerConfig } from '@aftersale/server/messaging';
import { DeadlineJobData, JobName } from '@aftersale/contracts';
import { DomainEvent, ReturnCase, ReturnDeadlineKind } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { OnJob } from '../../infrastructure/jobs';
import { QueueWorkers } from '../../infrastructure/queue-workers.service';
import { correlated, StoredEvent } from '../../events/event-reactions.service';
import { TransactionContext } from '../../infrastructure/transaction-context';
import { loadReturnWithOrder, returnDefaultsOf } from '../return-case-loading';
import { CaseDeadlineTimer } from '../../infrastructure/deadline-timers';

/** The commands that, accepted in time, win over each kind of timer. */
const ANSWERS: Record<ReturnDeadlineKind, JobName[]> = {
  decision: [
    JobName.ApproveReturn,
    JobName.RejectReturn,
    JobName.OfferCompensation,
    JobName.RefundReturn,
    JobName.WithdrawReturn,
    JobName.CloseReturn,
  ],
  compensation: [JobName.AcceptCompensation, JobName.DeclineCompensation, JobName.WithdrawReturn, JobName.CloseReturn],
  'ship-by': [
    JobName.ShipReturn,
    JobName.ReceiveParcel,
    JobName.AssignParcel,
    JobName.WithdrawReturn,
    JobName.CloseReturn,
    JobName.RefundReturn,
  ],
};

const SYSTEM_NOTES: Record<ReturnDeadlineKind, string> = {
  decision:
    'The seller did not decide before the deadline: the return was approved automatically with the default instructions.',
  compensation: 'The compensation offer was not answered within 72 hours: the case is back with the seller.',
  'ship-by': 'Nothing was shipped by the ship-by date: the return has expired.',
};

/**
 * A return case's timers (docs/rules.md#return-timers): the seller's decision deadline auto-approves with the default
 * instructions, an unanswered compensation offer goes back to the seller after 72 h, an approved return not
 * shipped by its ship-by date expires. Fired by a delayed job and by the periodic sweep, like cancellations:
 * a grace period after the deadline by the database's clock, giving way to an answer accepted in time (a
 * parcel scan names the case it matched, so it counts too), and a case whose timer throws is recorded and
 * skipped until it changes (docs/api.md "Deadlines and the clock").
 */
@Injectable()
export class ReturnDeadlines extends CaseDeadlineTimer {
  constructor(
    private readonly execution: CommandExecution,
    timers: DeadlineTimerRows,
    private readonly workers: QueueWorkers,
    config: ServerConfig,
  ) {
    super('return', timers, config);
  }

  /** On every event of a case: the delayed job for its next deadline, which the event may have moved (the row says). */
  async schedule(event: StoredEvent): Promise<void> {
    const at = await this.timers.nextReturnDeadlineAt(event.aggregateId);
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

  /** `at`: the clock reading to fire by (the tests move it); the database's clock otherwise. */
  fire(returnId: string, at?: Date): Promise<boolean> {
    return this.execution.runSystem(async (tx) => {
      const now = at ?? (await databaseNow(tx.manager));
      await clearDeadlineFailure(tx.manager, 'return', returnId);
      const { returnCase } = await loadReturnWithOrder(tx, returnId, null);
      const due = returnCase.nextDeadline;
      if (!due || now.getTime() < due.at.getTime() + this.config.deadlineGraceMs) return false;
      const answeredAt = await this.acceptedAnswerAt(tx, returnId, ANSWERS[due.kind]);
      const events = await this.expire(tx, returnCase, due.kind, now, answeredAt);
      if (events.length === 0) return false;
      tx.record(events);
      await tx.returns.save(returnCase);
      return this.noteOnCase(tx, {
        sellerId: returnCase.sellerId,
        caseId: returnCase.id,
        orderId: returnCase.orderId,
        body: SYSTEM_NOTES[due.kind],
      });
    });
  }

  @OnJob(JobName.ReturnDeadline)
  onTime({ caseId }: DeadlineJobData): Promise<void> {
    return this.fireOnTime(caseId);
  }

  private async expire(
    tx: TransactionContext,
    returnCase: ReturnCase,
    kind: ReturnDeadlineKind,
    now: Date,
    answeredAt: Date | null,
  ): Promise<DomainEvent[]> {
    if (kind === 'decision')
      return returnCase.expireDecisionDeadline(now, await returnDefaultsOf(tx, returnCase.sellerId), answeredAt);
    if (kind === 'compensation') return returnCase.expireCompensation(now, answeredAt);
    return returnCase.expire(now, answeredAt);
  }

  private acceptedAnswerAt(tx: TransactionContext, returnId: string, types: JobName[]): Promise<Date | null> {
    return earliestAcceptedCommandAt(tx.manager, returnId, types);
  }
}
