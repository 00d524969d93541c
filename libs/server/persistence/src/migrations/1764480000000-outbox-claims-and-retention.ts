import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox relay claims rows with a lease instead of holding a transaction open while it talks to Redis
 * (README "How it works"); indexes for the retention sweep's batched deletes (README "Retention").
 */
export class OutboxClaimsAndRetention1764480000000 implements MigrationInterface {
  name = 'OutboxClaimsAndRetention1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
      CREATE INDEX outbox_processed ON outbox (processed_at) WHERE processed_at IS NOT NULL;
      CREATE INDEX inbox_processed ON inbox (processed_at);
      CREATE INDEX commands_completed ON commands (completed_at) WHERE state <> 'accepted';
      CREATE INDEX commands_keyed ON commands (accepted_at) WHERE idempotency_key IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX commands_keyed, commands_completed, inbox_processed, outbox_processed;
      ALTER TABLE outbox DROP COLUMN claimed_until;
    `);
  }
}
