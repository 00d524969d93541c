import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team management (docs/api.md "Team"): a seller admin disables users instead of deleting them (their name
 * stays on decisions and audit events), and resets passwords. `password_changed_at` ends the sessions
 * (tokens) issued before a reset.
 */
export class TeamManagement1764500000000 implements MigrationInterface {
  name = 'TeamManagement1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN password_changed_at timestamptz;
      UPDATE users SET updated_at = created_at;
      CREATE INDEX users_seller_created ON users (seller_id, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX users_seller_created;
      ALTER TABLE users DROP COLUMN disabled_at, DROP COLUMN updated_at, DROP COLUMN password_changed_at;
    `);
  }
}
