import { DataSource } from 'typeorm';
import type { ActorRef } from '@aftersale/contracts';
import { MarketplaceConnectionOrmEntity } from './entities/marketplace-connection.orm-entity';
import { chatRepliesStanding } from './marketplace-queries';
import { MarketplaceCaseLink, marketplaceCaseLink } from './marketplace-links';

/**
 * The api's side of the marketplace connector (docs/ozon.md#connection), provided with `onDataSource`: a seller's
 * Ozon connection, kept and removed, and how a case stands with Ozon.
 */
export class MarketplaceConnections {
  constructor(private readonly dataSource: DataSource) {}

  ozon(sellerId: string): Promise<MarketplaceConnectionOrmEntity | null> {
    return this.dataSource.getRepository(MarketplaceConnectionOrmEntity).findOneBy({ sellerId, marketplace: 'ozon' });
  }

  /**
   * Keeps the seller's Ozon account (a new pair replaces the old one and starts the import's cursors over); false
   * when this Ozon account is connected to another seller.
   */
  async saveOzon(input: {
    sellerId: string;
    clientId: string;
    apiKeyCiphertext: string;
    status: string;
    lastError: string | null;
    lastErrorAt: Date | null;
    connectedBy: ActorRef;
  }): Promise<boolean> {
    try {
      await this.dataSource.query(
        `INSERT INTO marketplace_connections
         (seller_id, marketplace, client_id, api_key_ciphertext, status, last_error, last_error_at, connected_by)
       VALUES ($1, 'ozon', $2, $3, $4, $5, $6, $7)
       ON CONFLICT (seller_id, marketplace) DO UPDATE SET client_id = EXCLUDED.client_id,
         api_key_ciphertext = EXCLUDED.api_key_ciphertext, status = EXCLUDED.status, last_error = EXCLUDED.last_error,
         last_error_at = EXCLUDED.last_error_at, connected_by = EXCLUDED.connected_by, cursors = '{}',
         updated_at = now()`,
        [
          input.sellerId,
          input.clientId,
          input.apiKeyCiphertext,
          input.status,
          input.lastError,
          input.lastErrorAt,
          input.connectedBy,
        ],
      );
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async disconnectOzon(sellerId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM marketplace_connections WHERE seller_id = $1 AND marketplace = 'ozon'`, [
      sellerId,
    ]);
  }

  /**
   * A case's link to Ozon (a cancellation request's, or the seller's own `seller/<posting>`; a return's rFBS
   * return); null when it has none.
   */
  caseLink(sellerId: string, kind: 'cancellation' | 'return', caseId: string): Promise<MarketplaceCaseLink | null> {
    return marketplaceCaseLink(this.dataSource, sellerId, kind, caseId);
  }

  /** How a case's replies stand with Ozon's chat. */
  chatReplies(sellerId: string, caseType: 'cancellation' | 'return', caseId: string) {
    return chatRepliesStanding(this.dataSource, sellerId, caseType, caseId);
  }
}
