import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's insert trigger no longer notifies (docs/benchmarks.md, 24): PostgreSQL takes one lock for the commit
 * of every transaction that issued a NOTIFY and holds it through the commit's WAL flush, so the decisions that
 * wrote events for the relay committed one at a time, each waiting for its own flush. The worker wakes its own
 * relay after such a commit (outbox-commits.ts); a writer elsewhere notifies the `outbox` channel itself after it
 * commits, outside any transaction that writes (OutboxListener).
 */
export class OutboxNotifyByWriter1767450000000 implements MigrationInterface {
  name = 'OutboxNotifyByWriter1767450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_notify ON outbox; DROP FUNCTION outbox_notify();`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
        FOR EACH ROW WHEN (NEW.published_at IS NULL) EXECUTE FUNCTION outbox_notify();
    `);
  }
}
