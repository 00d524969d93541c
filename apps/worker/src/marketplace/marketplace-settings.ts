import { envNumber } from '@aftersale/server/messaging';

/** Ozon's production address; the demo and the tests point OZON_API_URL at the simulator (docs/ozon.md). */
export const OZON_PRODUCTION_URL = 'https://api-seller.ozon.ru';

/** The connector's settings (README "Configuration"). */
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

export function marketplaceSettings(): MarketplaceSettings {
  return {
    ozonApiUrl: process.env.OZON_API_URL || OZON_PRODUCTION_URL,
    secretKey: process.env.MARKETPLACE_SECRET_KEY,
    ratePerSecond: envNumber('OZON_RATE_LIMIT_PER_SECOND', 10),
    syncEveryMs: envNumber('OZON_SYNC_EVERY_MS', 60_000),
    importDays: envNumber('OZON_IMPORT_DAYS', 14),
  };
}
