import { DataSource, EntityManager } from 'typeorm';

type Queryable = DataSource | EntityManager;

export type TimedCaseType = 'cancellation' | 'return';

const TABLES: Record<TimedCaseType, { table: string; deadline: string; due: string }> = {
  cancellation: { table: 'cancellation_requests', deadline: 'deadline_at', due: `c.state = 'awaiting_seller'` },
  return: { table: 'return_cases', deadline: 'next_deadline_at', due: 'true' },
};

/** A failed case is tried again once it changes, or after this long (a passing fault, such as a lost connection). */
const RETRY_FAILED_AFTER = "interval '1 hour'";

/** The database's clock, the one clock deadlines are measured by (acceptedAt is stamped by it too). */
export async function databaseNow(db: Queryable): Promise<Date> {
  const [{ now }] = await db.query(`SELECT now() AS now`);
  return new Date(now);
}

/**
 * The sweep's choice of due cases (docs/architecture.md#timers-as-columns-delayed-jobs-and-sweeps): past their deadline by
 * the grace, still waiting on it, and not recorded as failing in their current version; the most overdue first.
 */
export async function dueCaseIds(db: Queryable, caseType: TimedCaseType, graceMs: number, limit: number) {
  const { table, deadline, due } = TABLES[caseType];
  const rows: { id: string }[] = await db.query(
    `SELECT c.id FROM ${table} c
      WHERE ${due} AND c.${deadline} <= now() - make_interval(secs => $1::double precision / 1000)
        AND NOT EXISTS (
          SELECT 1 FROM deadline_failures f
          WHERE f.case_type = '${caseType}' AND f.case_id = c.id
            AND f.case_version = c.version AND f.last_failed_at > now() - ${RETRY_FAILED_AFTER})
      ORDER BY c.${deadline} LIMIT $2`,
    [graceMs, limit],
  );
  return rows.map((row) => row.id);
}

/** A timer that threw: recorded with its error against the case's version (ops read it in deadline_failures). */
export async function recordDeadlineFailure(
  db: Queryable,
  caseType: TimedCaseType,
  caseId: string,
  error: string,
): Promise<void> {
  const { table, deadline } = TABLES[caseType];
  await db.query(
    `INSERT INTO deadline_failures (case_type, case_id, seller_id, case_version, deadline_at, error)
     SELECT $1, c.id, c.seller_id, c.version, c.${deadline}, $3 FROM ${table} c WHERE c.id = $2 AND c.${deadline} IS NOT NULL
     ON CONFLICT (case_type, case_id) DO UPDATE SET case_version = EXCLUDED.case_version,
       deadline_at = EXCLUDED.deadline_at, error = EXCLUDED.error, failures = deadline_failures.failures + 1,
       last_failed_at = now()`,
    [caseType, caseId, error.slice(0, 2000)],
  );
}

/** A timer that fired (or found nothing to do) clears its case's failure, in the same transaction. */
export async function clearDeadlineFailure(db: Queryable, caseType: TimedCaseType, caseId: string): Promise<void> {
  await db.query(`DELETE FROM deadline_failures WHERE case_type = $1 AND case_id = $2`, [caseType, caseId]);
}

/** A return case's next deadline, as its row has it now (the delayed job is armed for it). */
export async function nextReturnDeadlineAt(db: Queryable, returnId: string): Promise<Date | null> {
  const [row] = await db.query(`SELECT next_deadline_at FROM return_cases WHERE id = $1`, [returnId]);
  return row?.next_deadline_at ? new Date(row.next_deadline_at) : null;
}

/**
 * The deadline timers' rows, provided with `onDataSource` (docs/architecture.md#timers-as-columns-delayed-jobs-and-sweeps):
 * the sweep's due cases, a timer's failure, a return case's next deadline. What a timer does inside its transaction
 * takes the transaction's manager (`databaseNow`, `clearDeadlineFailure`).
 */
export class DeadlineTimerRows {
  constructor(private readonly dataSource: DataSource) {}

  due(caseType: TimedCaseType, graceMs: number, limit: number): Promise<string[]> {
    return dueCaseIds(this.dataSource, caseType, graceMs, limit);
  }

  recordFailure(caseType: TimedCaseType, caseId: string, error: string): Promise<void> {
    return recordDeadlineFailure(this.dataSource, caseType, caseId, error);
  }

  nextReturnDeadlineAt(returnId: string): Promise<Date | null> {
    return nextReturnDeadlineAt(this.dataSource, returnId);
  }
}
