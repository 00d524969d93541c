import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines whose timer could not fire (docs/api.md "Deadlines and the clock"): one row per case, with the
 * error, for ops to see. The sweeps skip a case while its row names the case's current version, so one bad
 * row never blocks the others; a case that changes (or an hour later) is tried again, and a timer that fires
 * removes its row.
 */
export class DeadlineFailures1764470000000 implements MigrationInterface {
  name = 'DeadlineFailures1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadline_failures (
        case_type text NOT NULL CHECK (case_type IN ('cancellation', 'return')),
        case_id uuid NOT NULL,
        seller_id uuid NOT NULL,
        -- the case's version when its timer failed: skipped until the case changes
        case_version int NOT NULL,
        deadline_at timestamptz NOT NULL,
        error text NOT NULL,
        failures int NOT NULL DEFAULT 1,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_type, case_id)
      );
      CREATE INDEX deadline_failures_last_failed ON deadline_failures (last_failed_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deadline_failures`);
  }
}
