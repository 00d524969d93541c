import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A decision pushed to the marketplace (docs/ozon.md#push): while `push_state` is empty a decided case shows
 * "sending to Ozon"; `accepted` once Ozon took it; `refused` (Ozon said no) or `failed` (every attempt failed) with
 * Ozon's message, shown on the case and never dropped.
 */
export class MarketplacePushes1767000000100 implements MigrationInterface {
  name = 'MarketplacePushes1767000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE marketplace_links
        ADD COLUMN push_state text CHECK (push_state IN ('accepted', 'refused', 'failed')),
        ADD COLUMN push_error text,
        ADD COLUMN pushed_at timestamptz;
      CREATE INDEX marketplace_links_waiting ON marketplace_links (kind, external_state) WHERE push_state IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX marketplace_links_waiting;
      ALTER TABLE marketplace_links DROP COLUMN push_state, DROP COLUMN push_error, DROP COLUMN pushed_at;
    `);
  }
}
