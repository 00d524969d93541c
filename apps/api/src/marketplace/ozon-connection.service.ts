import { Injectable } from '@nestjs/common';
import type { ActorRef, OzonConnectionView } from '@aftersale/contracts';
import { MarketplaceConnections } from '@aftersale/server/persistence';
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
    private readonly connections: MarketplaceConnections,
    config: ServerConfig,
  ) {
    this.cipher = CredentialsCipher.fromEnvironment(config.marketplaceSecretKey || undefined);
    this.limiter = new PerSellerRateLimiter(config.ozonRateLimitPerSecond);
    this.baseUrl = config.ozonApiUrl;
  }

  async view(sellerId: string): Promise<OzonConnectionView> {
    const row = await this.connections.ozon(sellerId);
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
    const saved = await this.connections.saveOzon({
      sellerId,
      clientId,
      apiKeyCiphertext: this.cipher.encrypt(apiKey, sellerId),
      status,
      lastError,
      lastErrorAt: lastError ? new Date() : null,
      connectedBy: by,
    });
    if (!saved) {
      throw new ProblemException(
        'marketplace-credentials-refused',
        'This Ozon account is connected to another seller.',
      );
    }
    return this.view(sellerId);
  }

  async disconnect(sellerId: string): Promise<void> {
    await this.connections.disconnectOzon(sellerId);
  }
}
