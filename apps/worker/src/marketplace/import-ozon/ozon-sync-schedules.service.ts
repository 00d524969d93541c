import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, MarketplaceSyncJobData, QueueName } from '@aftersale/contracts';
import { MarketplaceRuntime } from '../marketplace-runtime';
import { OzonAccounts } from '../ozon-accounts.service';
import { ServerConfig } from '@aftersale/server/messaging';
import { marketplaceSettings, MarketplaceSettings } from '../marketplace-settings';
import { OzonPush } from '../push-ozon/ozon-push.service';

const PREFIX = 'ozon-sync:';
/** how often the schedulers are matched to the connected accounts (a new connection starts syncing within this) */
const RECONCILE_MS = 10_000;
/** how often decisions waiting for Ozon are looked for (docs/ozon.md#push) */
const PUSH_SCAN_MS = 2_000;

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
  private timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly accounts: OzonAccounts,
    private readonly runtime: MarketplaceRuntime,
    private readonly pushes: OzonPush,
    private readonly config: ServerConfig,
  ) {
    this.settings = marketplaceSettings(config);
  }

  onApplicationBootstrap(): void {
    if (!this.config.workerAutostart) return;
    this.start();
  }

  start(): void {
    if (this.timers.length > 0 || !this.accounts.enabled) return;
    this.every('ozon schedules', RECONCILE_MS, () => this.reconcile());
    this.every('ozon push scan', PUSH_SCAN_MS, () => this.pushes.scan());
  }

  private every(name: string, ms: number, task: () => Promise<unknown>): void {
    let busy = false;
    const run = () => {
      if (busy) return;
      busy = true;
      const done = task()
        .catch((error) => this.logger.warn(`${name}: ${(error as Error).message}`))
        .finally(() => {
          busy = false;
          this.running.delete(done);
        });
      this.running.add(done);
    };
    run();
    this.timers.push(setInterval(run, ms));
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
    this.timers.splice(0).forEach(clearInterval);
    await Promise.all(this.running);
  }
}
