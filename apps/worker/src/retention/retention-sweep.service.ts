import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServerConfig } from '@aftersale/server/messaging';
import { IDEMPOTENCY_KEY_HOURS } from '@aftersale/server/persistence';

export interface RetentionResult {
  idempotencyKeys: number;
  commands: number;
  outbox: number;
  inbox: number;
}

/**
 * Removes what is only plumbing once it is old (README "Retention"): finished commands (their payload and
 * result) after RETENTION_COMMANDS_DAYS, processed outbox rows and their inbox rows after RETENTION_EVENTS_DAYS;
 * and frees Idempotency-Keys older than their 24 hours. Commands still `accepted` and events not yet processed
 * are kept whatever their age; audit events and messages are evidence and are never touched. Deletes go in
 * batches (SKIP LOCKED, so several workers share the work) to keep each statement's locks and WAL small.
 */
@Injectable()
export class RetentionSweep {
  private readonly logger = new Logger(RetentionSweep.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ServerConfig,
  ) {}

  async sweep(batchSize = 1000): Promise<RetentionResult> {
    const commandDays = this.config.retentionCommandsDays;
    const eventDays = this.config.retentionEventsDays;
    const result: RetentionResult = {
      idempotencyKeys: await this.inBatches(
        `UPDATE commands SET idempotency_key = NULL WHERE id IN (
           SELECT id FROM commands WHERE idempotency_key IS NOT NULL AND accepted_at < now() - make_interval(hours => $1)
           LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        IDEMPOTENCY_KEY_HOURS,
        batchSize,
      ),
      commands: await this.inBatches(
        `DELETE FROM commands WHERE id IN (
           SELECT id FROM commands WHERE state <> 'accepted' AND completed_at < now() - make_interval(days => $1)
           LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        commandDays,
        batchSize,
      ),
      // an inbox row guards its event against a second delivery: removed only once the event is processed or gone
      inbox: await this.inBatches(
        `DELETE FROM inbox WHERE (consumer, event_id) IN (
           SELECT consumer, event_id FROM inbox i WHERE i.processed_at < now() - make_interval(days => $1)
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = i.event_id AND o.processed_at IS NULL)
           LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        eventDays,
        batchSize,
      ),
      outbox: await this.inBatches(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE processed_at < now() - make_interval(days => $1)
           LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        eventDays,
        batchSize,
      ),
    };
    if (result.commands + result.outbox + result.inbox > 0)
      this.logger.log(
        `retention: removed ${result.commands} commands, ${result.outbox} outbox and ${result.inbox} inbox rows`,
      );
    return result;
  }

  /** Runs `statement` (which touches at most `batchSize` rows) until a run touches fewer; returns the total. */
  private async inBatches(statement: string, age: number, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ n }] = await this.dataSource.query(
        `WITH touched AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM touched`,
        [age, batchSize],
      );
      total += n;
      if (n < batchSize) return total;
    }
  }
}
