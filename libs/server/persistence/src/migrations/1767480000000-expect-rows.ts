import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transaction's combined write statement checks its own versioned updates (docs/benchmarks.md, 29): its final
 * SELECT passes each checked write's changed rows to `aftersale_expect_rows`, which raises SQLSTATE `AS409` when they
 * are not what the write expects, so the statement fails — and the transaction with it — instead of answering counts
 * that the worker compares afterwards. That lets the COMMIT go to PostgreSQL in the same round trip as the writes: a
 * lost version race aborts the transaction before the COMMIT runs, and PostgreSQL answers that COMMIT with ROLLBACK.
 */
export class ExpectRows1767480000000 implements MigrationInterface {
  name = 'ExpectRows1767480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION aftersale_expect_rows(write_name text, changed bigint, expected int) RETURNS int
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF changed <> expected THEN
          RAISE EXCEPTION 'write % changed % rows, expected %', write_name, changed, expected
            USING ERRCODE = 'AS409', DETAIL = write_name;
        END IF;
        RETURN changed;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION aftersale_expect_rows(text, bigint, int)`);
  }
}
