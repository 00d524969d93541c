import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The correlation id of the request that caused a row (docs/operations.md "Correlation id"). The api writes
 * it on the command row; rows written in the worker's transactions take it from the transaction setting
 * `aftersale.correlation_id` (set by CommandExecution), so no repository has to pass it along.
 */
export class CorrelationIds1765000000000 implements MigrationInterface {
  name = 'CorrelationIds1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const fromTransaction = `DEFAULT NULLIF(current_setting('aftersale.correlation_id', true), '')`;
    await q.query(`
      ALTER TABLE commands ADD COLUMN correlation_id text;
      ALTER TABLE outbox ADD COLUMN correlation_id text ${fromTransaction};
      ALTER TABLE audit_events ADD COLUMN correlation_id text ${fromTransaction};
      ALTER TABLE refunds ADD COLUMN correlation_id text ${fromTransaction};
      CREATE INDEX commands_correlation ON commands (correlation_id) WHERE correlation_id IS NOT NULL;
      CREATE INDEX commands_resource ON commands (resource_id);
      CREATE INDEX outbox_aggregate ON outbox (aggregate_id);
      CREATE INDEX refunds_cause ON refunds (cause_id);
      CREATE INDEX commands_failed ON commands (completed_at DESC) WHERE state = 'failed';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX commands_correlation, commands_resource, outbox_aggregate, refunds_cause, commands_failed;
      ALTER TABLE commands DROP COLUMN correlation_id;
      ALTER TABLE outbox DROP COLUMN correlation_id;
      ALTER TABLE audit_events DROP COLUMN correlation_id;
      ALTER TABLE refunds DROP COLUMN correlation_id;
    `);
  }
}
