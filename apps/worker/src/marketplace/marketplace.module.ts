import { Module, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName, MarketplacePushJobData, MarketplaceSyncJobData } from '@aftersale/contracts';
import { onDataSource, OzonAccountRows, OzonPushRows } from '@aftersale/server/persistence';
import { MarketplaceRuntime } from './marketplace-runtime';
import { OzonAccounts } from './ozon-accounts.service';
import { OzonImport } from './import-ozon/ozon-import.service';
import { OzonReturnsImport } from './import-ozon/ozon-returns-import';
import { OzonChatsImport } from './import-ozon/ozon-chats-import';
import { OzonSyncSchedules } from './import-ozon/ozon-sync-schedules.service';
import { OzonPush } from './push-ozon/ozon-push.service';
import { OzonReturnPush } from './push-ozon/ozon-return-push';

/**
 * The marketplace context (docs/ozon.md): each connected seller's Ozon import on the `marketplace` queue. The worker's
 * root module imports it; it owns its job handlers.
 */
@Module({
  providers: [
    MarketplaceRuntime,
    OzonAccounts,
    OzonImport,
    OzonReturnsImport,
    OzonChatsImport,
    OzonSyncSchedules,
    OzonPush,
    OzonReturnPush,
    onDataSource(OzonAccountRows),
    onDataSource(OzonPushRows),
  ],
  exports: [OzonImport, OzonSyncSchedules, OzonAccounts, OzonPush],
})
export class MarketplaceModule implements OnModuleInit {
  constructor(
    private readonly runtime: MarketplaceRuntime,
    private readonly imports: OzonImport,
    private readonly pushes: OzonPush,
  ) {}

  onModuleInit(): void {
    this.runtime.registry().register(JobName.SyncOzon, async (job: Job<MarketplaceSyncJobData>) => {
      await this.imports.syncSeller(job.data.sellerId);
    });
    this.runtime.registry().register(JobName.PushOzon, (job: Job<MarketplacePushJobData>) => this.pushes.handle(job));
  }
}
