import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, MarketplaceSyncJobData, QueueName } from '@aftersale/contracts';
import { MarketplaceRuntime } from '../marketplace-runtime';
import { OzonAccounts } from '../ozon-accounts.service';
import { ServerConfig } from '@aftersale/server/messaging';
import { marketplaceSettings, MarketplaceSettings } from '../marketplace-settings';

const PREFIX = 'ozon-sync:';
/** how often the schedulers are matched to the connected accounts (a new connection starts syncing within this) */
const RECONCILE_MS = 10_000;

/**
 * One BullMQ job scheduler per connected seller on the `marketplace` queue (docs/ozon.md#import), id
 * `ozon-sync:<sellerId>`, every OZON_SYNC_EVERY_MS: BullMQ keeps one next job per scheduler, so one seller's runs
 * never pile up, and any worker may take a run. Connecting and disconnecting add and remove schedulers here, by
 * matching them to marketplace_connections.
 */
@Injectable()
export class OzonSyncSchedules implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OzonSyncSchedules.name);
  private readonly settings: MarketplaceSettings;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly accounts: OzonAccounts,
    private readonly runtime: MarketplaceRuntime,
    private readonly config: ServerConfig,
  ) {
    this.settings = marketplaceSettings(config);
  }

  onApplicationBootstrap(): void {
    if (!this.config.workerAutostart) return;
    this.start();
  }

  start(): void {
    if (this.timer || !this.accounts.enabled) return;
    const run = () => {
      if (this.running) return;
      this.running = this.reconcile()
        .catch((error) => this.logger.warn(`ozon schedules: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer = setInterval(run, RECONCILE_MS);
  }

  /** Adds a scheduler for each connected seller and removes those of sellers no longer connected. */
  async reconcile(): Promise<void> {
    const queue = this.runtime.queues().queue(QueueName.Marketplace);
    const connected = new Set(await this.accounts.connectedSellers());
    const existing = await queue.getJobSchedulers(0, -1);
    for (const scheduler of existing) {
      const sellerId = scheduler.key.startsWith(PREFIX) ? scheduler.key.slice(PREFIX.length) : null;
      if (sellerId && !connected.has(sellerId)) {
        await queue.removeJobScheduler(scheduler.key);
        this.logger.log({ msg: 'ozon sync stopped', sellerId });
      }
    }
    const known = new Set(existing.map((scheduler) => scheduler.key));
    for (const sellerId of connected) {
      if (known.has(PREFIX + sellerId)) continue;
      const data: MarketplaceSyncJobData = { sellerId };
      await queue.upsertJobScheduler(
        PREFIX + sellerId,
        { every: this.settings.syncEveryMs },
        { name: JobName.SyncOzon, data, opts: { attempts: 1 } },
      );
      this.logger.log({ msg: 'ozon sync scheduled', sellerId, everyMs: this.settings.syncEveryMs });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
