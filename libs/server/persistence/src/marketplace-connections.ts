import { DataSource } from 'typeorm';
import type { ActorRef } from '@aftersale/contracts';
import { MarketplaceConnectionOrmEntity } from './entities/marketplace-connection.orm-entity';
import { chatRepliesStanding } from './marketplace-queries';

/** A cancellation request's link to Ozon, as its page shows it (docs/ozon.md#push). */
export interface CancellationLinkRow {
  externalId: string;
  externalState: string | null;
  pushState: 'accepted' | 'refused' | 'failed' | null;
  pushError: string | null;
}

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

  /** The request's link to an Ozon cancellation (or the seller's own, `seller/<posting>`); null when it has none. */
  async cancellationLink(sellerId: string, requestId: string): Promise<CancellationLinkRow | null> {
    const rows: {
      external_id: string;
      external_state: string | null;
      push_state: 'accepted' | 'refused' | 'failed' | null;
      push_error: string | null;
    }[] = await this.dataSource.query(
      `SELECT external_id, external_state, push_state, push_error FROM marketplace_links
        WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = 'cancellation' AND local_id = $2`,
      [sellerId, requestId],
    );
    const row = rows[0];
    return row
      ? {
          externalId: row.external_id,
          externalState: row.external_state,
          pushState: row.push_state,
          pushError: row.push_error,
        }
      : null;
  }

  /** How a case's replies stand with Ozon's chat. */
  chatReplies(sellerId: string, caseType: 'cancellation' | 'return', caseId: string) {
    return chatRepliesStanding(this.dataSource, sellerId, caseType, caseId);
  }
}
