import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ActorRef, OzonConnectionView } from '@aftersale/contracts';
import { MarketplaceConnectionOrmEntity } from '@aftersale/server/persistence';
import { CredentialsCipher, OzonApiError, OzonClient, PerSellerRateLimiter } from '@aftersale/server/ozon';
import { ServerConfig } from '@aftersale/server/messaging';
import { ProblemException } from '../infrastructure/problems/problem.exception';

/**
 * Connecting a seller's Ozon account (docs/ozon.md#connection): the pair is tried against Ozon with one cheap
 * call before it is kept, so a mistyped key is refused at once; the Api-Key is stored encrypted and never
 * leaves this service again.
 */
@Injectable()
export class OzonConnections {
  private readonly cipher: CredentialsCipher | null;
  private readonly limiter: PerSellerRateLimiter;
  /** Ozon's production address unless OZON_API_URL points at the simulator (the demo, the tests; docs/ozon.md) */
  private readonly baseUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ServerConfig,
  ) {
    this.cipher = CredentialsCipher.fromEnvironment(config.marketplaceSecretKey || undefined);
    this.limiter = new PerSellerRateLimiter(config.ozonRateLimitPerSecond);
    this.baseUrl = config.ozonApiUrl;
  }

  async view(sellerId: string): Promise<OzonConnectionView> {
    const row = await this.dataSource
      .getRepository(MarketplaceConnectionOrmEntity)
      .findOneBy({ sellerId, marketplace: 'ozon' });
    return {
      marketplace: 'ozon',
      connected: Boolean(row),
      clientId: row?.clientId ?? null,
      status: row?.status ?? null,
      lastSyncAt: row?.lastSyncAt?.toISOString() ?? null,
      lastError: row?.lastError ?? null,
      lastErrorAt: row?.lastErrorAt?.toISOString() ?? null,
      connectedAt: row?.createdAt.toISOString() ?? null,
    };
  }

  async connect(sellerId: string, clientId: string, apiKey: string, by: ActorRef): Promise<OzonConnectionView> {
    if (!this.cipher) {
      throw new ProblemException('service-unavailable', 'The marketplace connector is not configured on this server.');
    }
    const client = new OzonClient({
      baseUrl: this.baseUrl,
      credentials: { clientId, apiKey },
      rateLimiter: this.limiter,
      timeoutMs: 5000,
      maxAttempts: 2,
      baseDelayMs: 200,
    });
    let status: 'ok' | 'rate-limited' | 'unreachable' = 'ok';
    let lastError: string | null = null;
    try {
      await client.call('/v2/posting/fbs/cancel-reason/list', {});
    } catch (error) {
      if (!(error instanceof OzonApiError)) throw error;
      if (error.kind === 'bad-credentials' || error.kind === 'refused') {
        throw new ProblemException(
          'marketplace-credentials-refused',
          'Ozon refused this Client-Id and Api-Key: check both in Ozon\'s seller settings ("API keys").',
        );
      }
      // Ozon could not be asked now: keep the pair, the sync retries and the status says why
      status = error.kind;
      lastError = error.message;
    }
    const now = new Date();
    await this.dataSource
      .query(
        `INSERT INTO marketplace_connections
         (seller_id, marketplace, client_id, api_key_ciphertext, status, last_error, last_error_at, connected_by)
       VALUES ($1, 'ozon', $2, $3, $4, $5, $6, $7)
       ON CONFLICT (seller_id, marketplace) DO UPDATE SET client_id = EXCLUDED.client_id,
         api_key_ciphertext = EXCLUDED.api_key_ciphertext, status = EXCLUDED.status, last_error = EXCLUDED.last_error,
         last_error_at = EXCLUDED.last_error_at, connected_by = EXCLUDED.connected_by, cursors = '{}',
         updated_at = now()`,
        [sellerId, clientId, this.cipher.encrypt(apiKey, sellerId), status, lastError, lastError ? now : null, by],
      )
      .catch((error: { code?: string }) => {
        if (error.code === '23505') {
          throw new ProblemException(
            'marketplace-credentials-refused',
            'This Ozon account is connected to another seller.',
          );
        }
        throw error;
      });
    return this.view(sellerId);
  }

  async disconnect(sellerId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM marketplace_connections WHERE seller_id = $1 AND marketplace = 'ozon'`, [
      sellerId,
    ]);
  }
}
