import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One attempt at a refund at a time (docs/reliability.md, "One attempt at a time"): the attempt under way holds the
 * refund until `attempt_ends_by`, null when none is. Existing rows have none under way. The recovery sweep leaves a
 * refund alone while it is held, so its stale-work read skips those rows.
 */
export class RefundAttemptLease1767470000000 implements MigrationInterface {
  name = 'RefundAttemptLease1767470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refunds ADD COLUMN attempt_ends_by timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refunds DROP COLUMN attempt_ends_by`);
  }
}
