import { Logger } from '@nestjs/common';
import { DeadlineTimerRows, postSystemMessage, TimedCaseType } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { TransactionContext } from './transaction-context';

/**
 * Fires each due case on its own (docs/architecture.md#timers-as-columns-delayed-jobs-and-sweeps): a case whose timer
 * throws is recorded in `deadline_failures` with the error (ops read it there) and skipped until it changes; the
 * others proceed. If the failure cannot even be recorded, the database is gone: the sweep stops and the next one
 * starts over.
 */
export async function fireEach(
  timers: DeadlineTimerRows,
  logger: Logger,
  caseType: TimedCaseType,
  ids: string[],
  fire: (id: string) => Promise<boolean>,
): Promise<number> {
  let fired = 0;
  for (const id of ids) {
    try {
      if (await fire(id)) fired++;
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      logger.error(`deadline of ${caseType} ${id} could not fire, skipped until the case changes: ${message}`);
      await timers.recordFailure(caseType, id, message);
    }
  }
  return fired;
}

/**
 * What the deadline timers of one kind of case share (docs/architecture.md#timers-as-columns-delayed-jobs-and-sweeps):
 * the sweep and the delayed job's way in fire each case on its own (`fireEach`); `fire` is the case's own rule.
 */
export abstract class CaseDeadlineTimer {
  protected readonly logger = new Logger(this.constructor.name);

  protected constructor(
    private readonly caseType: TimedCaseType,
    protected readonly timers: DeadlineTimerRows,
    protected readonly config: ServerConfig,
  ) {}

  /** Fires the case's timer if it is due by `at` (the tests move it; the database's clock otherwise); true if it acted. */
  abstract fire(caseId: string, at?: Date): Promise<boolean>;

  /** Fires every case past its deadline and the grace; returns how many timers acted. */
  async sweep(): Promise<number> {
    const due = await this.timers.due(this.caseType, this.config.deadlineGraceMs, 500);
    return fireEach(this.timers, this.logger, this.caseType, due, (id) => this.fire(id));
  }

  /** The delayed job's way in (its `@OnJob` method): a case whose timer throws is recorded as the sweep records it. */
  protected async fireOnTime(caseId: string): Promise<void> {
    await fireEach(this.timers, this.logger, this.caseType, [caseId], (id) => this.fire(id));
  }

  /** After the timer's transition: the transition first in the case's timeline, then the system's note about it. */
  protected async noteOnCase(
    tx: TransactionContext,
    input: { sellerId: string; caseId: string; orderId: string; body: string },
  ): Promise<true> {
    await tx.flushEvents();
    await postSystemMessage(tx.manager, { ...input, caseType: this.caseType });
    return true;
  }
}
