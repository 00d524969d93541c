import { Injectable } from '@nestjs/common';
import { MarketplaceConnectionStatus } from '@aftersale/contracts';
import { CredentialsCipher, OzonApiError, OzonClient, PerSellerRateLimiter } from '@aftersale/server/ozon';
import { ServerConfig } from '@aftersale/server/messaging';
import { OzonAccountRows } from '@aftersale/server/persistence';
import { marketplaceSettings, MarketplaceSettings } from './marketplace-settings';

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
