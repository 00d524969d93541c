import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay is woken only by rows it has to publish (docs/benchmarks.md, 13): an event no consumer reacts to is
 * written published and processed, and a transaction that wrote only such rows (a refund's attempt, its outcome)
 * no longer notifies the relay, which would claim nothing. A row trigger whose WHEN skips the settled rows runs no
 * function for them; the notifications of a transaction are still folded into one by PostgreSQL.
 */
export class OutboxNotifyUnpublished1767300000000 implements MigrationInterface {
  name = 'OutboxNotifyUnpublished1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER outbox_notify ON outbox;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
        FOR EACH ROW WHEN (NEW.published_at IS NULL) EXECUTE FUNCTION outbox_notify();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER outbox_notify ON outbox;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
    `);
  }
}
