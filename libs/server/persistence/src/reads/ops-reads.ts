import { DataSource } from 'typeorm';

/** The outbox's backlog: events not yet published, and published ones not yet handled (ages in seconds). */
export interface OutboxBacklogRow {
  unpublished: number;
  lag: number;
  unprocessed: number;
  processing_lag: number;
}

/** A command given up for a reason that is not a rule, or still accepted long after acceptance. */
export interface FailedCommandRow {
  id: string;
  type: string;
  seller_id: string | null;
  state: 'accepted' | 'failed';
  accepted_at: Date;
  completed_at: Date | null;
  resource_type: string;
  resource_id: string | null;
  problem: Record<string, unknown> | null;
  correlation_id: string | null;
}

/**
 * What the ops pages and the api's metrics read from PostgreSQL (docs/operations.md), provided with
 * `onDataSource`. The outbox figures use the partial indexes `outbox_unpublished` and `outbox_unprocessed`.
 */
export class OpsReads {
  constructor(private readonly dataSource: DataSource) {}

  async outboxBacklog(): Promise<OutboxBacklogRow> {
    const [row] = await this.dataSource.query(`
      SELECT
        (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS unpublished,
        COALESCE((SELECT extract(epoch FROM now() - min(created_at)) FROM outbox WHERE published_at IS NULL), 0)::float AS lag,
        (SELECT count(*) FROM outbox WHERE published_at IS NOT NULL AND processed_at IS NULL)::int AS unprocessed,
        COALESCE((SELECT extract(epoch FROM now() - min(published_at)) FROM outbox
                   WHERE published_at IS NOT NULL AND processed_at IS NULL), 0)::float AS processing_lag`);
    return row;
  }

  /** Refunds by state, for the `aftersale_refunds` gauge. */
  refundsByState(): Promise<{ state: string; n: number }[]> {
    return this.dataSource.query(`SELECT state, count(*)::int AS n FROM refunds GROUP BY state`);
  }

  /** Given up with a problem of status ≥ 500, or still `accepted` after `stuckAfterSeconds`; the latest first. */
  failedCommands(limit: number, stuckAfterSeconds: number): Promise<FailedCommandRow[]> {
    return this.dataSource.query(
      `SELECT id::text, type, seller_id, state, accepted_at, completed_at, resource_type, resource_id, problem, correlation_id
         FROM commands
        WHERE (state = 'failed' AND COALESCE((problem->>'status')::int, 500) >= 500)
           OR (state = 'accepted' AND accepted_at < now() - make_interval(secs => $2))
        ORDER BY COALESCE(completed_at, accepted_at) DESC LIMIT $1`,
      [limit, stuckAfterSeconds],
    );
  }

  /**
   * Commands the worker gave up for a reason that is not a rule go back to `accepted`, so that their retried
   * jobs apply them; a rule's refusal (status < 500) stays final.
   */
  async reopenGivenUpCommands(commandIds: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE commands SET state = 'accepted', completed_at = NULL, problem = NULL
        WHERE id = ANY($1::uuid[]) AND state = 'failed' AND COALESCE((problem->>'status')::int, 500) >= 500`,
      [commandIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id))],
    );
  }

  /** The server's version and the connections open to this database. */
  async databaseFigures(): Promise<{ version: string; connections: number }> {
    const [row] = await this.dataSource.query(
      `SELECT current_setting('server_version') AS version,
              (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database())::int AS connections`,
    );
    return row;
  }
}
