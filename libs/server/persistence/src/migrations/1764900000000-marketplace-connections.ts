import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A seller's marketplace account (docs/ozon.md#connection): the Client-Id, the Api-Key encrypted with
 * AES-256-GCM (never in clear), the connection's status and import cursors; and the mapping of the
 * marketplace's ids to ours, so importing twice changes nothing.
 */
export class MarketplaceConnections1764900000000 implements MigrationInterface {
  name = 'MarketplaceConnections1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE marketplace_connections (
        seller_id uuid NOT NULL REFERENCES sellers(id),
        marketplace text NOT NULL CHECK (marketplace IN ('ozon')),
        client_id text NOT NULL,
        -- v1:<base64 of iv | auth tag | ciphertext>, bound to the seller id as associated data
        api_key_ciphertext text NOT NULL CHECK (api_key_ciphertext LIKE 'v1:%'),
        status text NOT NULL CHECK (status IN ('ok', 'bad-credentials', 'rate-limited', 'unreachable')),
        last_sync_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        cursors jsonb NOT NULL DEFAULT '{}',
        connected_by jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (seller_id, marketplace)
      );
      -- one marketplace account belongs to one seller
      CREATE UNIQUE INDEX marketplace_connections_account ON marketplace_connections (marketplace, client_id);
      CREATE TABLE marketplace_links (
        seller_id uuid NOT NULL REFERENCES sellers(id),
        marketplace text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('posting', 'cancellation', 'return', 'chat-message')),
        external_id text NOT NULL,
        local_id uuid NOT NULL,
        external_state text,
        synced_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (seller_id, marketplace, kind, external_id)
      );
      CREATE INDEX marketplace_links_local ON marketplace_links (local_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE marketplace_links; DROP TABLE marketplace_connections;`);
  }
}
