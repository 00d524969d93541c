import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { QueueWorkers } from '../infrastructure/queue-workers.service';

/**
 * Publishes committed outbox rows to the events queue (docs/architecture.md#outbox-and-inbox). Rows are claimed with
 * SKIP LOCKED so several workers share the work; a job id per event makes a re-publish harmless.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: QueueWorkers,
  ) {}

  /** Publishes one batch; returns how many events it published. */
  async publishBatch(limit = 200): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; type: string }[] = await manager.query(
        `SELECT id, type FROM outbox WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await this.workers.queue(QueueName.Events).addBulk(
        rows.map((row) => ({
          name: JobName.PublishedEvent,
          data: { outboxId: row.id },
          opts: { jobId: jobIdFor('evt', row.id) },
        })),
      );
      await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  async drain(): Promise<void> {
    try {
      while ((await this.publishBatch()) > 0);
    } catch (error) {
      this.logger.warn(`outbox relay: ${(error as Error).message}`);
    }
  }
}
