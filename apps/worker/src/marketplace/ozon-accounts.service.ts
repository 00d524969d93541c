import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MarketplaceConnectionStatus } from '@aftersale/contracts';
import { CredentialsCipher, OzonApiError, OzonClient, PerSellerRateLimiter } from '@aftersale/server/ozon';
import { ServerConfig } from '@aftersale/server/messaging';
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const rows: { seller_id: string }[] = await this.dataSource.query(
      `SELECT seller_id FROM marketplace_connections WHERE marketplace = 'ozon'`,
    );
    return rows.map((row) => row.seller_id);
  }

  async account(sellerId: string): Promise<OzonAccount | null> {
    if (!this.cipher) return null;
    const rows: {
      client_id: string;
      api_key_ciphertext: string;
      status: MarketplaceConnectionStatus;
      cursors: Record<string, string>;
    }[] = await this.dataSource.query(
      `SELECT client_id, api_key_ciphertext, status, cursors FROM marketplace_connections
        WHERE seller_id = $1 AND marketplace = 'ozon'`,
      [sellerId],
    );
    const row = rows[0];
    if (!row) return null;
    const client = new OzonClient({
      baseUrl: this.settings.ozonApiUrl,
      credentials: { clientId: row.client_id, apiKey: this.cipher.decrypt(row.api_key_ciphertext, sellerId) },
      rateLimiter: this.limiter,
    });
    return { sellerId, clientId: row.client_id, status: row.status, cursors: row.cursors ?? {}, client };
  }

  /** A run that worked: status ok, the last sync now, the cursors moved on. */
  async recordSuccess(sellerId: string, cursors: Record<string, string>): Promise<void> {
    await this.dataSource.query(
      `UPDATE marketplace_connections SET status = 'ok', last_sync_at = now(), cursors = cursors || $2::jsonb,
         updated_at = now() WHERE seller_id = $1 AND marketplace = 'ozon'`,
      [sellerId, JSON.stringify(cursors)],
    );
  }

  /** A run Ozon stopped: the status says why (bad credentials, rate-limited, unreachable) with the error. */
  async recordFailure(sellerId: string, error: unknown): Promise<void> {
    const status: MarketplaceConnectionStatus | null =
      error instanceof OzonApiError && error.kind !== 'refused' ? error.kind : null;
    await this.dataSource.query(
      `UPDATE marketplace_connections SET status = COALESCE($2, status), last_error = $3, last_error_at = now(),
         updated_at = now() WHERE seller_id = $1 AND marketplace = 'ozon'`,
      [sellerId, status, (error as Error).message.slice(0, 1000)],
    );
  }

  /** Something imported could not be applied (a rule refused it): kept as the last error, the run goes on. */
  async recordProblem(sellerId: string, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE marketplace_connections SET last_error = $2, last_error_at = now(), updated_at = now()
        WHERE seller_id = $1 AND marketplace = 'ozon'`,
      [sellerId, message.slice(0, 1000)],
    );
  }
}
