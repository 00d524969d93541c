import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification on the `outbox` channel when a transaction that wrote outbox rows commits (one per statement,
 * folded into one per transaction by PostgreSQL): the relay wakes on it instead of waiting for its next poll
 * (docs/architecture.md#outbox-and-inbox, docs/benchmarks.md "Changes and their effect").
 */
export class OutboxNotify1767100000000 implements MigrationInterface {
  name = 'OutboxNotify1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_notify ON outbox; DROP FUNCTION outbox_notify();`);
  }
}
