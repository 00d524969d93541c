import { DataSource } from 'typeorm';

/**
 * How long records that are not evidence are kept (README "Retention"). Audit events and messages are
 * evidence and are never removed.
 */
export const IDEMPOTENCY_KEY_HOURS = 24;
export const DEFAULT_COMMANDS_RETENTION_DAYS = 30;
export const DEFAULT_EVENTS_RETENTION_DAYS = 7;

type Queryable = { query(sql: string, parameters?: unknown[]): Promise<any> };

export interface RetentionResult {
  idempotencyKeys: number;
  commands: number;
  outbox: number;
  inbox: number;
}

/**
 * Each statement touches at most `$2` rows older than `$1` (hours or days), SKIP LOCKED so several workers share
 * the work; commands still `accepted` and events not yet processed are kept whatever their age.
 */
const RETENTION_STATEMENTS = {
  // a command keeps a password's slow hash only while its key may be retried (apps/api/src/users/team-member.ts)
  idempotencyKeys: `UPDATE commands SET idempotency_key = NULL, payload = payload - 'passwordHash' WHERE id IN (
      SELECT id FROM commands WHERE idempotency_key IS NOT NULL AND accepted_at < now() - make_interval(hours => $1)
      LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  commands: `DELETE FROM commands WHERE id IN (
      SELECT id FROM commands WHERE state <> 'accepted' AND completed_at < now() - make_interval(days => $1)
      LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  // an inbox row guards its event against a second delivery: removed only once the event is processed or gone
  inbox: `DELETE FROM inbox WHERE (consumer, event_id) IN (
      SELECT consumer, event_id FROM inbox i WHERE i.processed_at < now() - make_interval(days => $1)
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = i.event_id AND o.processed_at IS NULL)
      LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  outbox: `DELETE FROM outbox WHERE id IN (
      SELECT id FROM outbox WHERE processed_at < now() - make_interval(days => $1)
      LIMIT $2 FOR UPDATE SKIP LOCKED)`,
};

/** Removes what is only plumbing once it is old (README "Retention"), in batches; how many rows each kind lost. */
export async function removeOldPlumbing(
  db: Queryable,
  ages: { commandDays: number; eventDays: number },
  batchSize: number,
): Promise<RetentionResult> {
  const inBatches = async (statement: string, age: number): Promise<number> => {
    let total = 0;
    for (;;) {
      const [{ n }] = await db.query(
        `WITH touched AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM touched`,
        [age, batchSize],
      );
      total += n;
      if (n < batchSize) return total;
    }
  };
  return {
    idempotencyKeys: await inBatches(RETENTION_STATEMENTS.idempotencyKeys, IDEMPOTENCY_KEY_HOURS),
    commands: await inBatches(RETENTION_STATEMENTS.commands, ages.commandDays),
    inbox: await inBatches(RETENTION_STATEMENTS.inbox, ages.eventDays),
    outbox: await inBatches(RETENTION_STATEMENTS.outbox, ages.eventDays),
  };
}

/** The retention sweep's queries (README "Retention"), provided with `onDataSource`. */
export class PlumbingRetention {
  constructor(private readonly dataSource: DataSource) {}

  removeOld(ages: { commandDays: number; eventDays: number }, batchSize: number): Promise<RetentionResult> {
    return removeOldPlumbing(this.dataSource, ages, batchSize);
  }
}
