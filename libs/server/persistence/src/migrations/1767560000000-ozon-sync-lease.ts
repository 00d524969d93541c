import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One import of a seller's Ozon account at a time (docs/ozon.md#import): the run holds a lease on its connection
 * until it ends, or until the lease runs out should its worker die. Two runs of one seller at once could each find
 * no link for a new Ozon record and create it twice.
 */
export class OzonSyncLease1767560000000 implements MigrationInterface {
  name = 'OzonSyncLease1767560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace_connections ADD COLUMN IF NOT EXISTS sync_lease_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE marketplace_connections DROP COLUMN IF EXISTS sync_lease_until`);
  }
}
