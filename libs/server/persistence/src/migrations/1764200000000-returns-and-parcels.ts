import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Return cases and parcels. A case's full state (lines, inspection, offers, instructions) is its snapshot
 * in `snapshot`; the columns beside it are what lists filter, sort and lock on.
 */
export class ReturnsAndParcels1764200000000 implements MigrationInterface {
  name = 'ReturnsAndParcels1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE seller_settings
        ADD COLUMN return_ship_by_days int NOT NULL DEFAULT 14 CHECK (return_ship_by_days BETWEEN 1 AND 90),
        ADD COLUMN default_return_shipping_fee bigint NOT NULL DEFAULT 0 CHECK (default_return_shipping_fee >= 0);
      CREATE TABLE return_cases (
        id uuid PRIMARY KEY,
        seller_id uuid NOT NULL REFERENCES sellers(id),
        order_id uuid NOT NULL REFERENCES orders(id),
        posting_number text NOT NULL,
        type text NOT NULL,
        state text NOT NULL,
        tracking_number text,
        next_deadline_at timestamptz,
        snapshot jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1
      );
      CREATE INDEX return_cases_seller_state_created ON return_cases (seller_id, state, created_at DESC);
      CREATE INDEX return_cases_seller_type ON return_cases (seller_id, type);
      CREATE INDEX return_cases_order ON return_cases (order_id);
      CREATE INDEX return_cases_tracking ON return_cases (seller_id, lower(tracking_number));
      CREATE INDEX return_cases_posting ON return_cases (seller_id, lower(posting_number));
      CREATE INDEX return_cases_due ON return_cases (next_deadline_at) WHERE next_deadline_at IS NOT NULL;
      CREATE TABLE parcels (
        id uuid PRIMARY KEY,
        seller_id uuid NOT NULL REFERENCES sellers(id),
        code text NOT NULL,
        condition text NOT NULL,
        note text,
        attachment_ids jsonb NOT NULL DEFAULT '[]',
        return_id uuid REFERENCES return_cases(id),
        candidate_return_ids jsonb NOT NULL DEFAULT '[]',
        received_by jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1
      );
      CREATE INDEX parcels_seller_received ON parcels (seller_id, received_at DESC);
      CREATE INDEX parcels_seller_unmatched ON parcels (seller_id) WHERE return_id IS NULL;
      CREATE INDEX parcels_code ON parcels (seller_id, lower(code));
      -- one parcel per case: a rescan finds it instead of adding another
      CREATE UNIQUE INDEX parcels_one_per_return ON parcels (return_id) WHERE return_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE parcels, return_cases; ALTER TABLE seller_settings DROP COLUMN return_ship_by_days, DROP COLUMN default_return_shipping_fee`,
    );
  }
}
