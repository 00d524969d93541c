import { Injectable } from '@nestjs/common';
import { MarketplaceConnectionStatus } from '@aftersale/contracts';
import { CredentialsCipher, OzonApiError, OzonClient, PerSellerRateLimiter } from '@aftersale/server/ozon';
import { ServerConfig } from '@aftersale/server/messaging';
import { OzonAccountRows } from '@aftersale/server/persistence';
import { marketplaceSettings, MarketplaceSettings } from './marketplace-settings';

/** How long a run holds the seller's import lease at most: longer than any run (docs/ozon.md#import). */
const SYNC_LEASE_SECONDS = 15 * 60;
/** How often a run waiting for another one's lease tries again: contention is rare (two runs of one seller). */
const SYNC_LEASE_POLL_MS = 250;

export interface OzonAccount {
  sellerId: string;
  clientId: string;
  status: MarketplaceConnectionStatus;
  cursors: Record<string, string>;
  client: OzonClient;
}

/**
 * The connected Ozon accounts as the worker uses them (docs/ozon.md#connection): the Api-Key is decrypted only
 * into the client's header, and every run records the connection's status, its last sync and its last error.
 */
@Injectable()
export class OzonAccounts {
  private readonly settings: MarketplaceSettings;
  private readonly cipher: CredentialsCipher | null;
  /** one bucket per Client-Id for the whole process (docs/ozon.md#the-client) */
  private readonly limiter: PerSellerRateLimiter;

  constructor(
    private readonly rows: OzonAccountRows,
    config: ServerConfig,
  ) {
    this.settings = marketplaceSettings(config);
    this.cipher = CredentialsCipher.fromEnvironment(this.settings.secretKey);
    this.limiter = new PerSellerRateLimiter(this.settings.ratePerSecond);
  }

  get enabled(): boolean {
    return this.cipher !== null;
  }

  /** The sellers with an account connected, for the job schedulers. */
  async connectedSellers(): Promise<string[]> {
    return this.rows.connectedSellers();
  }

  async account(sellerId: string): Promise<OzonAccount | null> {
    if (!this.cipher) return null;
    const row = await this.rows.connection(sellerId);
    if (!row) return null;
    const client = new OzonClient({
      baseUrl: this.settings.ozonApiUrl,
      credentials: { clientId: row.clientId, apiKey: this.cipher.decrypt(row.apiKeyCiphertext, sellerId) },
      rateLimiter: this.limiter,
    });
    return {
      sellerId,
      clientId: row.clientId,
      status: row.status as MarketplaceConnectionStatus,
      cursors: row.cursors,
      client,
    };
  }

  /** A run that worked: status ok, the last sync now, the cursors moved on. */
  async recordSuccess(sellerId: string, cursors: Record<string, string>): Promise<void> {
    await this.rows.recordSyncSuccess(sellerId, cursors);
  }

  /**
   * Runs `work` as the seller's only import (docs/ozon.md#import): a run that finds another holding the seller's lease
   * waits for it to end (the scheduler's run beside a reconnect's, say), then runs on what that one imported. The
   * lease runs out after SYNC_LEASE_SECONDS should its worker die mid-run.
   */
  async exclusively<T>(sellerId: string, work: () => Promise<T>): Promise<T> {
    const waitUntil = Date.now() + SYNC_LEASE_SECONDS * 1000;
    for (;;) {
      const lease = await this.rows.takeSyncLease(sellerId, SYNC_LEASE_SECONDS);
      if (lease === 'none') return work(); // not connected: nothing to import, nothing to hold
      if (lease === 'taken') break;
      if (Date.now() > waitUntil) throw new Error(`another Ozon import of seller ${sellerId} is still running`);
      await new Promise((resolve) => setTimeout(resolve, SYNC_LEASE_POLL_MS));
    }
    try {
      return await work();
    } finally {
      await this.rows.releaseSyncLease(sellerId);
    }
  }

  /** A run Ozon stopped: the status says why (bad credentials, rate-limited, unreachable) with the error. */
  async recordFailure(sellerId: string, error: unknown): Promise<void> {
    const status: MarketplaceConnectionStatus | null =
      error instanceof OzonApiError && error.kind !== 'refused' ? error.kind : null;
    await this.rows.recordError(sellerId, status, (error as Error).message);
  }

  /** Something imported could not be applied (a rule refused it): kept as the last error, the run goes on. */
  async recordProblem(sellerId: string, message: string): Promise<void> {
    await this.rows.recordError(sellerId, null, message);
  }
}
