import { DataSource, DataSourceOptions } from 'typeorm';
import { ORM_ENTITIES } from './entities';
import { TickBatchedClient } from './tick-batched-client';
import { InitialSchema1764100000000 } from './migrations/1764100000000-initial-schema';
import { ReturnsAndParcels1764200000000 } from './migrations/1764200000000-returns-and-parcels';
import { MessagesAndAttachments1764300000000 } from './migrations/1764300000000-messages-and-attachments';
import { AuditEvidence1764450000000 } from './migrations/1764450000000-audit-evidence';
import { DeadlineFailures1764470000000 } from './migrations/1764470000000-deadline-failures';
import { OutboxClaimsAndRetention1764480000000 } from './migrations/1764480000000-outbox-claims-and-retention';
import { TeamManagement1764500000000 } from './migrations/1764500000000-team-management';
import { MarketplaceConnections1764900000000 } from './migrations/1764900000000-marketplace-connections';
import { CorrelationIds1765000000000 } from './migrations/1765000000000-correlation-ids';
import { ListIndexes1766100000000 } from './migrations/1766100000000-list-indexes';
import { MarketplacePushes1767000000100 } from './migrations/1767000000100-marketplace-pushes';
import { ProcessingRefunds1767000000300 } from './migrations/1767000000300-processing-refunds';
import { OutboxNotify1767100000000 } from './migrations/1767100000000-outbox-notify';
import { OrdersSearchText1767200000000 } from './migrations/1767200000000-orders-search-text';
import { ReturnLinksBehind1767250000000 } from './migrations/1767250000000-return-links-behind';
import { OutboxNotifyUnpublished1767300000000 } from './migrations/1767300000000-outbox-notify-unpublished';
import { OrderSearch1767350000000 } from './migrations/1767350000000-order-search';
import { OrderSearchCreatedAt1767400000000 } from './migrations/1767400000000-order-search-created-at';
import { OrderSearchTexts1767450000000 } from './migrations/1767450000000-order-search-texts';
import { OrdersStatusCreatedId1767460000000 } from './migrations/1767460000000-orders-status-created-id';
import { RefundAttemptLease1767470000000 } from './migrations/1767470000000-refund-attempt-lease';
import { ExpectRows1767480000000 } from './migrations/1767480000000-expect-rows';
import { OrdersPostingNumberLower1767490000000 } from './migrations/1767490000000-orders-posting-number-lower';
import { CommandsResourceIndex1767500000000 } from './migrations/1767500000000-commands-resource-index';
import { CancellationTabIndexes1767510000000 } from './migrations/1767510000000-cancellation-tab-indexes';
import { ReturnTabIndexes1767520000000 } from './migrations/1767520000000-return-tab-indexes';
import { OrderDeliveriesIndex1767530000000 } from './migrations/1767530000000-order-deliveries-index';
import { SellerHistoryIndexes1767540000000 } from './migrations/1767540000000-seller-history-indexes';
import { CancellationSellerStateStatistics1767550000000 } from './migrations/1767550000000-cancellation-seller-state-statistics';
import { EvidenceIdsLowerCase1767560000000 } from './migrations/1767560000000-evidence-ids-lower-case';
import { OrdersCreatedId1767570000000 } from './migrations/1767570000000-orders-created-id';
import { OrderDayCounts1767580000000 } from './migrations/1767580000000-order-day-counts';

export const MIGRATIONS = [
  InitialSchema1764100000000,
  ReturnsAndParcels1764200000000,
  MessagesAndAttachments1764300000000,
  AuditEvidence1764450000000,
  DeadlineFailures1764470000000,
  OutboxClaimsAndRetention1764480000000,
  TeamManagement1764500000000,
  MarketplaceConnections1764900000000,
  CorrelationIds1765000000000,
  ListIndexes1766100000000,
  MarketplacePushes1767000000100,
  ProcessingRefunds1767000000300,
  OutboxNotify1767100000000,
  OrdersSearchText1767200000000,
  ReturnLinksBehind1767250000000,
  OutboxNotifyUnpublished1767300000000,
  OrderSearch1767350000000,
  OrderSearchCreatedAt1767400000000,
  OrderSearchTexts1767450000000,
  OrdersStatusCreatedId1767460000000,
  RefundAttemptLease1767470000000,
  ExpectRows1767480000000,
  OrdersPostingNumberLower1767490000000,
  CommandsResourceIndex1767500000000,
  CancellationTabIndexes1767510000000,
  ReturnTabIndexes1767520000000,
  OrderDeliveriesIndex1767530000000,
  SellerHistoryIndexes1767540000000,
  CancellationSellerStateStatistics1767550000000,
  EvidenceIdsLowerCase1767560000000,
  OrdersCreatedId1767570000000,
  OrderDayCounts1767580000000,
];

/** PostgreSQL settings of every connection of the api and the worker (see `dataSourceOptions`). */
export const APP_SETTINGS = '-c jit=off -c max_parallel_workers_per_gather=0';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/aftersale';

/**
 * Options shared by the api, the worker, the demo and the tests. Never `synchronize`: migrations only.
 * `connectionWaitMs`: how long a statement waits for a pooled connection (or a new one) before it fails.
 * `pipeline`: node-postgres' pipeline mode on every connection, so that a transaction can send its START TRANSACTION
 * with its first statement and its COMMIT with its writes in one round trip (the worker; docs/benchmarks.md, 29).
 * Every connection runs with `jit = off`: PostgreSQL compiles a statement whose estimated cost passes `jit_above_cost`,
 * and our statements are short: ops' reliability report spent 0.99 s of its 1.12 s compiling, the seller's dashboard
 * a tenth of its time (docs/benchmarks.md, 55). And without parallel workers (`max_parallel_workers_per_gather = 0`):
 * the api answers many requests at once, and a worker process per request more only shares the same cores; with them
 * the dashboard's p95 at 4 clients was 913 ms, without 432 ms (docs/benchmarks.md, 56).
 */
export function dataSourceOptions(
  url: string = DEFAULT_DATABASE_URL,
  poolSize = 10,
  connectionWaitMs = 3000,
  pipeline = false,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ORM_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: connectionWaitMs,
      pipeline,
      // a pipelining connection sends the statements of one turn of the event loop in one write (docs/benchmarks.md, 73)
      ...(pipeline ? { Client: TickBatchedClient } : {}),
      options: APP_SETTINGS,
    },
  };
}

export function createDataSource(url?: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
