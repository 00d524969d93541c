/**
 * A seller's connection to a marketplace account (docs/ozon.md#connection-status):
 * - `ok`: the last call to the marketplace worked;
 * - `bad-credentials`: the marketplace refused the Client-Id / Api-Key (reconnect with a new key);
 * - `rate-limited`: the marketplace kept answering 429; the next sync retries;
 * - `unreachable`: timeouts, network errors or 5xx; the next sync retries.
 */
export type MarketplaceConnectionStatus = 'ok' | 'bad-credentials' | 'rate-limited' | 'unreachable';

/** `GET /api/v1/marketplace/ozon`. The Api-Key is never part of any answer. */
export interface OzonConnectionView {
  marketplace: 'ozon';
  connected: boolean;
  clientId: string | null;
  status: MarketplaceConnectionStatus | null;
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  connectedAt: string | null;
}

/** `PUT /api/v1/marketplace/ozon` */
export interface ConnectOzonBody {
  clientId: string;
  apiKey: string;
}
