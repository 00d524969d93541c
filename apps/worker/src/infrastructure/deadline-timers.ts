import { Logger } from '@nestjs/common';
import { DeadlineTimerRows, TimedCaseType } from '@aftersale/server/persistence';

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
