import { DataSource } from 'typeorm';
import { SqlRunner } from './marketplace-queries';

/** The named queries of the marketplace connector's own tables (docs/ozon.md): links, connections, pushes' outcomes. */

export type MarketplaceLinkKind = 'posting' | 'cancellation' | 'return' | 'chat-message';

export interface MarketplaceLink {
  localId: string;
  externalState: string | null;
}

/**
 * The link of one Ozon id, read in the caller's transaction behind a transaction-scoped advisory lock on that id, so
 * two runs of one seller's import that overlap cannot both create the same thing (docs/ozon.md#import): a row lock
 * alone locks nothing while the link does not exist yet, and both runs would add the order, request, case or message.
 * The second run waits until the first commits (or rolls back), then reads the link the first wrote. The lock and the
 * read are two statements on purpose: a statement's snapshot is taken when it starts, so a read in the statement
 * that waited for the lock would not see the link committed meanwhile.
 */
export async function findMarketplaceLink(
  db: SqlRunner,
  sellerId: string,
  kind: MarketplaceLinkKind,
  externalId: string,
): Promise<MarketplaceLink | null> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `marketplace-link/ozon/${sellerId}/${kind}/${externalId}`,
  ]);
  const rows = (await db.query(
    `SELECT local_id, external_state FROM marketplace_links
      WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = $2 AND external_id = $3 FOR UPDATE`,
    [sellerId, kind, externalId],
  )) as { local_id: string; external_state: string | null }[];
  return rows[0] ? { localId: rows[0].local_id, externalState: rows[0].external_state } : null;
}

export async function saveMarketplaceLink(
  db: SqlRunner,
  sellerId: string,
  kind: MarketplaceLinkKind,
  externalId: string,
  localId: string,
  externalState: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO marketplace_links (seller_id, marketplace, kind, external_id, local_id, external_state)
     VALUES ($1, 'ozon', $2, $3, $4, $5)
     ON CONFLICT (seller_id, marketplace, kind, external_id)
     DO UPDATE SET local_id = EXCLUDED.local_id, external_state = EXCLUDED.external_state, synced_at = now()`,
    [sellerId, kind, externalId, localId, externalState],
  );
}

// ── connections ───────────────────────────────────────────────────────────────────────────────────────────

export interface OzonConnectionRow {
  clientId: string;
  apiKeyCiphertext: string;
  status: string;
  cursors: Record<string, string>;
}

/**
 * The worker's reads and writes of the connected Ozon accounts (docs/ozon.md#connection), provided with `onDataSource`:
 * the sellers to sync, an account's connection, and each run's outcome.
 */
export class OzonAccountRows {
  constructor(private readonly dataSource: DataSource) {}

  /** The sellers with an Ozon account connected. */
  async connectedSellers(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT seller_id FROM marketplace_connections WHERE marketplace = 'ozon'`,
    )) as { seller_id: string }[];
    return rows.map((row) => row.seller_id);
  }

  async connection(sellerId: string): Promise<OzonConnectionRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT client_id, api_key_ciphertext, status, cursors FROM marketplace_connections
        WHERE seller_id = $1 AND marketplace = 'ozon'`,
      [sellerId],
    )) as { client_id: string; api_key_ciphertext: string; status: string; cursors: Record<string, string> | null }[];
    const row = rows[0];
    return row
      ? {
          clientId: row.client_id,
          apiKeyCiphertext: row.api_key_ciphertext,
          status: row.status,
          cursors: row.cursors ?? {},
        }
      : null;
  }

  /** A run that worked: status ok, the last sync now, the cursors moved on. */
  async recordSyncSuccess(sellerId: string, cursors: Record<string, string>): Promise<void> {
    await this.dataSource.query(
      `UPDATE marketplace_connections SET status = 'ok', last_sync_at = now(), cursors = cursors || $2::jsonb,
         updated_at = now() WHERE seller_id = $1 AND marketplace = 'ozon'`,
      [sellerId, JSON.stringify(cursors)],
    );
  }

  /** Ozon stopped something: the status (unchanged when null) and the error as the last error. */
  async recordError(sellerId: string, status: string | null, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE marketplace_connections SET status = COALESCE($2, status), last_error = $3, last_error_at = now(),
         updated_at = now() WHERE seller_id = $1 AND marketplace = 'ozon'`,
      [sellerId, status, message.slice(0, 1000)],
    );
  }
}

// ── the import's reads ────────────────────────────────────────────────────────────────────────────────────

/** The seller's order with this posting number (one the channel API created), if any. */
export async function orderIdWithPostingNumber(
  db: SqlRunner,
  sellerId: string,
  postingNumber: string,
): Promise<string | null> {
  const rows = (await db.query(`SELECT id FROM orders WHERE seller_id = $1 AND posting_number = $2`, [
    sellerId,
    postingNumber,
  ])) as { id: string }[];
  return rows[0]?.id ?? null;
}

/** The order's latest cancellation request, if any. */
export async function latestCancellationRequestId(db: SqlRunner, orderId: string): Promise<string | null> {
  const rows = (await db.query(
    `SELECT id FROM cancellation_requests WHERE order_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [orderId],
  )) as { id: string }[];
  return rows[0]?.id ?? null;
}

/** A file copied from the marketplace into the attachment storage, recorded as the seller's attachment. */
export async function insertImportedAttachment(
  db: SqlRunner,
  row: {
    id: string;
    sellerId: string;
    fileName: string;
    contentType: string;
    size: number;
    storageKey: string;
    uploadedBy: unknown;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO attachments (id, seller_id, file_name, content_type, size, storage_key, uploaded_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      row.id,
      row.sellerId,
      row.fileName,
      row.contentType,
      row.size,
      row.storageKey,
      JSON.stringify(row.uploadedBy),
      row.at,
    ],
  );
}

// ── the pushes (their queries are `OzonPushRows`, ozon-push-rows.ts) ──────────────────────────────────────

/** The link's Ozon id of a seller's own cancellation of a posting (Ozon has no id for it). */
export const sellerCancellationExternalId = (postingNumber: string) => `seller/${postingNumber}`;

/** A return case's link to Ozon's return: Ozon's `return_id` and state, and where our last push stands. */
export interface MarketplaceCaseLink {
  externalId: string;
  externalState: string | null;
  pushState: 'accepted' | 'refused' | 'failed' | null;
  pushError: string | null;
}

export async function marketplaceCaseLink(
  db: SqlRunner,
  sellerId: string,
  kind: MarketplaceLinkKind,
  localId: string,
): Promise<MarketplaceCaseLink | null> {
  const rows = (await db.query(
    `SELECT external_id AS "externalId", external_state AS "externalState", push_state AS "pushState",
            push_error AS "pushError" FROM marketplace_links
      WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = $2 AND local_id = $3`,
    [sellerId, kind, localId],
  )) as MarketplaceCaseLink[];
  return rows[0] ?? null;
}

/** A refused push whose case was handed back to the seller: the next decision is pushed afresh. */
export async function clearReturnPushOutcome(db: SqlRunner, sellerId: string, caseId: string): Promise<void> {
  await db.query(
    `UPDATE marketplace_links SET push_state = NULL, push_error = NULL
      WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = 'return' AND local_id = $2`,
    [sellerId, caseId],
  );
}
