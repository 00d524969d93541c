import { ServerConfig } from '@aftersale/server/messaging';

/** The connector's settings, from the configuration (README "Configuration"). */
export interface MarketplaceSettings {
  ozonApiUrl: string;
  /** MARKETPLACE_SECRET_KEY: without it the connector is off */
  secretKey: string | undefined;
  ratePerSecond: number;
  /** how often each connected seller's import runs */
  syncEveryMs: number;
  /** how far back the first import of an account looks for postings */
  importDays: number;
}

export function marketplaceSettings(config: ServerConfig): MarketplaceSettings {
  return {
    ozonApiUrl: config.ozonApiUrl,
    secretKey: config.marketplaceSecretKey || undefined,
    ratePerSecond: config.ozonRateLimitPerSecond,
    syncEveryMs: config.ozonSyncEveryMs,
    importDays: config.ozonImportDays,
  };
}
