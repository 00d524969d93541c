import { Injectable, Logger } from '@nestjs/common';
import { ServerConfig } from '@aftersale/server/messaging';
import { PlumbingRetention, RetentionResult } from '@aftersale/server/persistence';

export type { RetentionResult };

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
    private readonly plumbing: PlumbingRetention,
    private readonly config: ServerConfig,
  ) {}

  async sweep(batchSize = 1000): Promise<RetentionResult> {
    const commandDays = this.config.retentionCommandsDays;
    const eventDays = this.config.retentionEventsDays;
    const result = await this.plumbing.removeOld({ commandDays, eventDays }, batchSize);
    if (result.commands + result.outbox + result.inbox > 0)
      this.logger.log(
        `retention: removed ${result.commands} commands, ${result.outbox} outbox and ${result.inbox} inbox rows`,
      );
    return result;
  }
}
