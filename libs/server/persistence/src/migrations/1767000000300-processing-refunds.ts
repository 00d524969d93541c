import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds waiting for the marketplace's answer (docs/ozon.md#refunds-of-ozon-orders): a refund of an Ozon order
 * stays `processing` until Ozon accepted or refused the decision, and the push scan looks for them every few
 * seconds; few refunds are ever `processing`, so a partial index keeps that look cheap at any size.
 */
export class ProcessingRefunds1767000000300 implements MigrationInterface {
  name = 'ProcessingRefunds1767000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX refunds_processing ON refunds (updated_at) WHERE state = 'processing'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX refunds_processing`);
  }
}
