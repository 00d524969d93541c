import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ServerConfig } from '@aftersale/server/messaging';
import { AttachmentStorage, UnusedAttachmentRows } from '@aftersale/server/persistence';

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
    private readonly unused: UnusedAttachmentRows,
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
      const keys = await this.unused.remove(hours, BATCH);
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

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
