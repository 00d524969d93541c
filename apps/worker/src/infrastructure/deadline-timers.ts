import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type TimedCaseType = 'cancellation' | 'return';

const TABLES: Record<TimedCaseType, { table: string; deadline: string }> = {
  cancellation: { table: 'cancellation_requests', deadline: 'deadline_at' },
  return: { table: 'return_cases', deadline: 'next_deadline_at' },
};

/** A failed case is tried again once it changes, or after this long (a passing fault, such as a lost connection). */
const RETRY_FAILED_AFTER = "interval '1 hour'";

/** The database's clock, the one clock deadlines are measured by (acceptedAt is stamped by it too). */
export async function databaseNow(manager: EntityManager | DataSource): Promise<Date> {
  const [{ now }] = await manager.query(`SELECT now() AS now`);
  return new Date(now);
}

/**
 * The sweep's choice of due cases: past their deadline by the grace, and not recorded as failing in their
 * current version (docs/api.md "Deadlines and the clock").
 */
export function dueCasesSql(caseType: TimedCaseType, condition: string): string {
  const { table, deadline } = TABLES[caseType];
  return `SELECT c.id FROM ${table} c
    WHERE ${condition} AND c.${deadline} <= now() - make_interval(secs => $1::double precision / 1000)
      AND NOT EXISTS (
        SELECT 1 FROM deadline_failures f
        WHERE f.case_type = '${caseType}' AND f.case_id = c.id
          AND f.case_version = c.version AND f.last_failed_at > now() - ${RETRY_FAILED_AFTER})
    ORDER BY c.${deadline} LIMIT $2`;
}

/**
 * Fires each due case on its own: a case whose timer throws is recorded in `deadline_failures` with the error
 * (ops read it there) and skipped until it changes; the others proceed. If the failure cannot even be
 * recorded, the database is gone: the sweep stops and the next one starts over.
 */
export async function fireEach(
  dataSource: DataSource,
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
      await recordDeadlineFailure(dataSource, caseType, id, message);
    }
  }
  return fired;
}

export async function recordDeadlineFailure(
  dataSource: DataSource,
  caseType: TimedCaseType,
  caseId: string,
  error: string,
): Promise<void> {
  const { table, deadline } = TABLES[caseType];
  await dataSource.query(
    `INSERT INTO deadline_failures (case_type, case_id, seller_id, case_version, deadline_at, error)
     SELECT $1, c.id, c.seller_id, c.version, c.${deadline}, $3 FROM ${table} c WHERE c.id = $2 AND c.${deadline} IS NOT NULL
     ON CONFLICT (case_type, case_id) DO UPDATE SET case_version = EXCLUDED.case_version,
       deadline_at = EXCLUDED.deadline_at, error = EXCLUDED.error, failures = deadline_failures.failures + 1,
       last_failed_at = now()`,
    [caseType, caseId, error.slice(0, 2000)],
  );
}

/** A timer that fired (or found nothing to do) clears its case's failure, in the same transaction. */
export async function clearDeadlineFailure(
  manager: EntityManager,
  caseType: TimedCaseType,
  caseId: string,
): Promise<void> {
  await manager.query(`DELETE FROM deadline_failures WHERE case_type = $1 AND case_id = $2`, [caseType, caseId]);
}
