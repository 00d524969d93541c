import { EntityManager } from 'typeorm';

export type LinkKind = 'posting' | 'cancellation' | 'return' | 'chat-message';

export interface MarketplaceLink {
  localId: string;
  externalState: string | null;
}

/**
 * The mapping of Ozon's ids to ours (table marketplace_links, docs/ozon.md#import): what was imported once is
 * found again, so importing twice changes nothing. Read under a row lock, so two runs of one seller's import
 * cannot both create the same thing.
 */
export async function findLink(
  manager: EntityManager,
  sellerId: string,
  kind: LinkKind,
  externalId: string,
): Promise<MarketplaceLink | null> {
  const rows: { local_id: string; external_state: string | null }[] = await manager.query(
    `SELECT local_id, external_state FROM marketplace_links
      WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = $2 AND external_id = $3 FOR UPDATE`,
    [sellerId, kind, externalId],
  );
  return rows[0] ? { localId: rows[0].local_id, externalState: rows[0].external_state } : null;
}

export async function saveLink(
  manager: EntityManager,
  sellerId: string,
  kind: LinkKind,
  externalId: string,
  localId: string,
  externalState: string | null,
): Promise<void> {
  await manager.query(
    `INSERT INTO marketplace_links (seller_id, marketplace, kind, external_id, local_id, external_state)
     VALUES ($1, 'ozon', $2, $3, $4, $5)
     ON CONFLICT (seller_id, marketplace, kind, external_id)
     DO UPDATE SET local_id = EXCLUDED.local_id, external_state = EXCLUDED.external_state, synced_at = now()`,
    [sellerId, kind, externalId, localId, externalState],
  );
}
