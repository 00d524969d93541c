import { Injectable } from '@nestjs/common';
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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: QueueWorkers,
  ) {}

  /** Publishes one batch; returns how many events it published. */
  async publishBatch(limit = 200): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; type: string; correlation_id: string | null }[] = await manager.query(
        `SELECT id, type, correlation_id FROM outbox WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await this.workers.queue(QueueName.Events).addBulk(
        rows.map((row) => ({
          name: JobName.PublishedEvent,
          data: { outboxId: row.id, ...(row.correlation_id ? { correlationId: row.correlation_id } : {}) },
          opts: { jobId: jobIdFor('evt', row.id) },
        })),
      );
      await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  /** Publishes until nothing is left; an error ends the run (PeriodicTasks logs and counts it). */
  async drain(): Promise<void> {
    while ((await this.publishBatch()) > 0);
  }
}
