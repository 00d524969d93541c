import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropIfInvalid } from './1767460000000-orders-status-created-id';

/**
 * `commands_resource` (all commands by `resource_id`, migration 1765000000000) is dropped (docs/benchmarks.md, 47): the
 * one query that compares `resource_id` for every command, ops' job search (`JobSubjects.commands`), ORs it with the
 * payload's fields, which no index has, so PostgreSQL scans the commands for it either way; the pending commands of
 * a record are found by `commands_resource_pending`. Every command paid for two entries of it, at its insert and at
 * its outcome's update, which changes `resource_id` and is no HOT update.
 *
 * `CONCURRENTLY`, outside a transaction, as migration 1767460000000 explains: commands are written meanwhile.
 */
export class CommandsResourceIndex1767500000000 implements MigrationInterface {
  name = 'CommandsResourceIndex1767500000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS commands_resource`);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIfInvalid(q, 'commands_resource');
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS commands_resource ON commands (resource_id)`);
  }
}
