import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { postSystemMessage } from '@aftersale/server/persistence';
import { JobName } from '@aftersale/contracts';
import { DEADLINE_ACTOR } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadCancellationWithOrder, refundInFull } from '../../infrastructure/aggregate-loading';
import { TransactionContext } from '../../infrastructure/transaction-context';

const DECISIONS = [JobName.ApproveCancellation, JobName.RejectCancellation, JobName.WithdrawCancellation];

/**
 * The seller's decision deadline (docs/rules.md#the-sellers-deadline): when it passes with no decision the request is
 * auto-approved, with the same effects as an approval. A delayed job fires it on time; the periodic sweep
 * fires any that Redis lost. Firing a decided request does nothing, and a decision the api accepted before
 * the deadline wins even when the worker has not applied it yet.
 */
@Injectable()
export class CancellationDeadlines {
  private readonly logger = new Logger(CancellationDeadlines.name);

  constructor(
    private readonly execution: CommandExecution,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  fire(cancellationId: string, now = new Date()): Promise<boolean> {
    return this.execution.runSystem(async (tx) => {
      const { request, order } = await loadCancellationWithOrder(tx, cancellationId, null);
      const events = request.expireDeadline(order, now, await this.acceptedDecisionAt(tx, cancellationId));
      if (events.length === 0) return false;
      tx.record(events);
      await tx.orders.save(order);
      await tx.cancellations.save(request);
      await refundInFull(tx, order, 'cancellation', request.id, DEADLINE_ACTOR, now);
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

  /** Fires every request whose deadline has passed; returns how many were auto-approved. */
  async sweep(now = new Date()): Promise<number> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at <= $1 ORDER BY deadline_at LIMIT 500`,
      [now],
    );
    let fired = 0;
    for (const { id } of due) {
      try {
        if (await this.fire(id, now)) fired++;
      } catch (error) {
        this.logger.error(`deadline of cancellation ${id}: ${(error as Error).message}`);
      }
    }
    return fired;
  }

  private async acceptedDecisionAt(tx: TransactionContext, cancellationId: string): Promise<Date | null> {
    const [row] = await tx.manager.query(
      `SELECT min(accepted_at) AS at FROM commands WHERE state = 'accepted' AND resource_id = $1 AND type = ANY($2)`,
      [cancellationId, DECISIONS],
    );
    return row?.at ? new Date(row.at) : null;
  }
}
