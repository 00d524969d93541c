import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServerConfig } from '@aftersale/server/messaging';
import { AttachmentStorage } from '@aftersale/server/persistence';

const BATCH = 100;

/**
 * Uploads never attached to anything are removed after a day (`ATTACHMENT_UNUSED_HOURS`, 24): their row,
 * then their bytes. Attached means named by a message, a parcel, a return case (its evidence or its
 * inspection's), or a command not yet processed (a return or a scan on its way). Runs every
 * `ATTACHMENT_SWEEP_MS` (an hour); several workers share the work (`FOR UPDATE SKIP LOCKED`).
 */
@Injectable()
export class UnusedUploads implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UnusedUploads.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AttachmentStorage,
    private readonly config: ServerConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workerAutostart) return;
    this.start();
  }

  /** Sweeps now and then every `ATTACHMENT_SWEEP_MS`; a run waits for the previous one. */
  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((error) => this.logger.warn(`unused uploads: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.config.attachmentSweepMs);
    tick();
  }

  /** Removes every upload unused for longer than the limit; returns how many. */
  async sweep(): Promise<number> {
    const hours = this.config.attachmentUnusedHours;
    let removed = 0;
    for (;;) {
      const keys = await this.removeRows(hours);
      for (const key of keys) {
        // the row is gone for good: a file left behind by a failure here is only disk space
        await this.storage.remove(key).catch((error) => this.logger.warn(`could not remove upload ${key}: ${error}`));
      }
      removed += keys.length;
      if (keys.length < BATCH) break;
    }
    if (removed > 0) this.logger.log(`removed ${removed} uploads never attached to anything`);
    return removed;
  }

  /** One batch of rows, removed in one transaction; their storage keys. */
  private removeRows(hours: number): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; storage_key: string }[] = await manager.query(
        `SELECT a.id, a.storage_key FROM attachments a
          WHERE a.created_at < now() - make_interval(secs => $1::float8 * 3600)
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.attachment_ids ? a.id::text)
            AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.attachment_ids ? a.id::text)
            AND NOT EXISTS (SELECT 1 FROM return_cases r
                             WHERE r.snapshot->'attachmentIds' ? a.id::text
                                OR r.snapshot->'inspectionAttachmentIds' ? a.id::text)
            AND NOT EXISTS (SELECT 1 FROM commands c
                             WHERE c.state = 'accepted' AND strpos(c.payload::text, a.id::text) > 0)
          ORDER BY a.created_at
          LIMIT ${BATCH}
          FOR UPDATE OF a SKIP LOCKED`,
        [hours],
      );
      if (rows.length === 0) return [];
      await manager.query(`DELETE FROM attachments WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
      return rows.map((row) => row.storage_key);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
