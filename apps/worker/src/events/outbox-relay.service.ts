import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { QueueWorkers } from '../infrastructure/queue-workers.service';

/** How long a claim keeps other relays off a batch; a relay that dies while publishing gives it up after this. */
export const OUTBOX_CLAIM_MS = 30_000;

/**
 * Publishes committed outbox rows to the events queue (docs/architecture.md#outbox-and-inbox), at least once, without holding a
 * database transaction open while it talks to Redis: claim a batch (one committed statement that leases the
 * rows, SKIP LOCKED so several workers share the work), publish, then mark the rows published. A relay that
 * stops between claim and mark leaves its rows unpublished, and they are published again once the lease lapses;
 * a job id per event makes a second publish harmless and the reactions' inbox makes a second delivery harmless.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workers: QueueWorkers,
  ) {}

  /** Publishes one batch; returns how many events it published. */
  async publishBatch(limit = 200, claimMs = OUTBOX_CLAIM_MS): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox SET claimed_until = now() + make_interval(secs => $2::float8 / 1000)
         WHERE id IN (
           SELECT id FROM outbox
           WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, created_at)
       SELECT id FROM claimed ORDER BY created_at`,
      [limit, claimMs],
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.id);
    try {
      await this.workers.queue(QueueName.Events).addBulk(
        rows.map((row) => ({
          name: JobName.PublishedEvent,
          data: { outboxId: row.id },
          opts: { jobId: jobIdFor('evt', row.id) },
        })),
      );
    } catch (error) {
      // give the batch back now rather than when the lease lapses (best effort: the lease covers the rest)
      await this.dataSource
        .query(`UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1) AND published_at IS NULL`, [ids])
        .catch(() => undefined);
      throw error;
    }
    await this.dataSource.query(`UPDATE outbox SET published_at = now(), claimed_until = NULL WHERE id = ANY($1)`, [
      ids,
    ]);
    return rows.length;
  }

  async drain(): Promise<void> {
    try {
      while ((await this.publishBatch()) > 0);
    } catch (error) {
      this.logger.warn(`outbox relay: ${(error as Error).message}`);
    }
  }
}
