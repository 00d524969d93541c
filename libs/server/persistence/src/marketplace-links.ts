import { SqlRunner } from './marketplace-queries';

/** The named queries of the marketplace connector's own tables (docs/ozon.md): links, connections, pushes. */

export type MarketplaceLinkKind = 'posting' | 'cancellation' | 'return' | 'chat-message';

export interface MarketplaceLink {
  localId: string;
  externalState: string | null;
}

/**
 * The link of one Ozon id, read under a row lock, so two runs of one seller's import cannot both create the same
 * thing (docs/ozon.md#import).
 */
export async function findMarketplaceLink(
  db: SqlRunner,
  sellerId: string,
  kind: MarketplaceLinkKind,
  externalId: string,
): Promise<MarketplaceLink | null> {
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

/** The sellers with an Ozon account connected. */
export async function connectedOzonSellers(db: SqlRunner): Promise<string[]> {
  const rows = (await db.query(`SELECT seller_id FROM marketplace_connections WHERE marketplace = 'ozon'`)) as {
    seller_id: string;
  }[];
  return rows.map((row) => row.seller_id);
}

export async function ozonConnection(db: SqlRunner, sellerId: string): Promise<OzonConnectionRow | null> {
  const rows = (await db.query(
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
export async function recordOzonSyncSuccess(
  db: SqlRunner,
  sellerId: string,
  cursors: Record<string, string>,
): Promise<void> {
  await db.query(
    `UPDATE marketplace_connections SET status = 'ok', last_sync_at = now(), cursors = cursors || $2::jsonb,
       updated_at = now() WHERE seller_id = $1 AND marketplace = 'ozon'`,
    [sellerId, JSON.stringify(cursors)],
  );
}

/** Ozon stopped something: the status (unchanged when null) and the error as the last error. */
export async function recordOzonError(
  db: SqlRunner,
  sellerId: string,
  status: string | null,
  message: string,
): Promise<void> {
  await db.query(
    `UPDATE marketplace_connections SET status = COALESCE($2, status), last_error = $3, last_error_at = now(),
       updated_at = now() WHERE seller_id = $1 AND marketplace = 'ozon'`,
    [sellerId, status, message.slice(0, 1000)],
  );
}

// ── pushes ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Linked requests decided here by a person while their link still says `ON_APPROVAL` and nothing was pushed: the
 * decisions waiting for Ozon (docs/ozon.md#push), found from the state itself.
 */
export async function decisionsAwaitingPush(
  db: SqlRunner,
  limit = 500,
): Promise<{ sellerId: string; requestId: string }[]> {
  const rows = (await db.query(
    `SELECT l.seller_id, l.local_id FROM marketplace_links l
       JOIN cancellation_requests c ON c.id = l.local_id
      WHERE l.marketplace = 'ozon' AND l.kind = 'cancellation' AND l.external_state = 'ON_APPROVAL'
        AND l.push_state IS NULL AND c.state IN ('approved', 'rejected')
        AND c.decided_by NOT IN ('system', 'deadline')
      LIMIT $1`,
    [limit],
  )) as { seller_id: string; local_id: string }[];
  return rows.map((row) => ({ sellerId: row.seller_id, requestId: row.local_id }));
}

export interface CancellationDecisionToPush {
  externalId: string;
  externalState: string | null;
  postingNumber: string;
  state: string;
  comment: string | null;
}

/**
 * A linked request's decision as it is to be pushed: Ozon's id and state, the posting (Ozon's list finds the request
 * by it), ours and the decision's comment.
 */
export async function cancellationDecisionToPush(
  db: SqlRunner,
  sellerId: string,
  requestId: string,
): Promise<CancellationDecisionToPush | null> {
  const rows = (await db.query(
    `SELECT l.external_id AS "externalId", l.external_state AS "externalState", c.posting_number AS "postingNumber",
            c.state, c.decision_comment AS comment FROM marketplace_links l
       JOIN cancellation_requests c ON c.id = l.local_id
      WHERE l.seller_id = $1 AND l.marketplace = 'ozon' AND l.kind = 'cancellation' AND l.local_id = $2`,
    [sellerId, requestId],
  )) as {
    externalId: string;
    externalState: string | null;
    postingNumber: string;
    state: string;
    comment: string | null;
  }[];
  return rows[0] ?? null;
}

/** Ozon accepted our push (a cancellation's decision, a return's action): the link takes Ozon's new state. */
export async function recordPushAccepted(
  db: SqlRunner,
  kind: 'cancellation' | 'return',
  sellerId: string,
  localId: string,
  externalState: string,
): Promise<void> {
  await db.query(
    `UPDATE marketplace_links SET external_state = $4, push_state = 'accepted', push_error = NULL, pushed_at = now(),
       synced_at = now()
      WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = $2 AND local_id = $3`,
    [sellerId, kind, localId, externalState],
  );
}

/** A push Ozon refused, or that failed every attempt, kept on the link with why. */
export async function recordPushFailure(
  db: SqlRunner,
  sellerId: string,
  localId: string,
  state: 'refused' | 'failed',
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE marketplace_links SET push_state = $3, push_error = $4, pushed_at = now()
      WHERE seller_id = $1 AND marketplace = 'ozon' AND local_id = $2`,
    [sellerId, localId, state, error.slice(0, 1000)],
  );
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

// ── the seller's own cancellations ────────────────────────────────────────────────────────────────────────

/** The link's Ozon id of a seller's own cancellation of a posting (Ozon has no id for it). */
export const sellerCancellationExternalId = (postingNumber: string) => `seller/${postingNumber}`;

/**
 * Seller cancellations of Ozon orders that Ozon has not been told of: the posting still not `cancelled` on Ozon's
 * side and the request's link (written when the push starts) without an answer (docs/ozon.md#push).
 */
export async function sellerCancellationsAwaitingPush(
  db: SqlRunner,
  limit = 200,
): Promise<{ sellerId: string; requestId: string; postingNumber: string }[]> {
  const rows = (await db.query(
    `SELECT c.seller_id, c.id, p.external_id AS posting_number
       FROM marketplace_connections mc
       JOIN cancellation_requests c ON c.seller_id = mc.seller_id AND c.created_at >= mc.created_at
       JOIN marketplace_links p ON p.seller_id = c.seller_id AND p.marketplace = 'ozon' AND p.kind = 'posting'
            AND p.local_id = c.order_id
       LEFT JOIN marketplace_links l ON l.seller_id = c.seller_id AND l.kind = 'cancellation' AND l.local_id = c.id
      WHERE mc.marketplace = 'ozon' AND c.initiator = 'seller' AND c.state = 'approved'
        AND p.external_state IS DISTINCT FROM 'cancelled'
        AND (l.local_id IS NULL OR (l.external_id LIKE 'seller/%' AND l.push_state IS NULL))
      ORDER BY c.created_at LIMIT $1`,
    [limit],
  )) as { seller_id: string; id: string; posting_number: string }[];
  return rows.map((r) => ({ sellerId: r.seller_id, requestId: r.id, postingNumber: r.posting_number }));
}

/** A seller cancellation as it is to be pushed: the posting, our reason and comment, where its push stands. */
export async function sellerCancellationToPush(
  db: SqlRunner,
  sellerId: string,
  requestId: string,
): Promise<{ postingNumber: string; reasonId: string; comment: string | null; pushState: string | null } | null> {
  const rows = (await db.query(
    `SELECT p.external_id AS posting_number, c.reason_id, c.comment, l.push_state
       FROM cancellation_requests c
       JOIN marketplace_links p ON p.seller_id = c.seller_id AND p.marketplace = 'ozon' AND p.kind = 'posting'
            AND p.local_id = c.order_id
       LEFT JOIN marketplace_links l ON l.seller_id = c.seller_id AND l.kind = 'cancellation' AND l.local_id = c.id
      WHERE c.seller_id = $1 AND c.id = $2 AND c.initiator = 'seller'`,
    [sellerId, requestId],
  )) as { posting_number: string; reason_id: string; comment: string | null; push_state: string | null }[];
  const row = rows[0];
  return row
    ? { postingNumber: row.posting_number, reasonId: row.reason_id, comment: row.comment, pushState: row.push_state }
    : null;
}

/**
 * Where the push of a seller cancellation stands, on the request's link (`seller/<posting_number>`): no push state
 * while sending; `accepted` (Ozon's state `CANCELLED`, and the posting's link `cancelled`), `refused` or `failed`.
 */
export async function recordSellerCancellationPush(
  db: SqlRunner,
  input: {
    sellerId: string;
    requestId: string;
    postingNumber: string;
    state: 'sending' | 'accepted' | 'refused' | 'failed';
    error?: string;
  },
): Promise<void> {
  const pushState = input.state === 'sending' ? null : input.state;
  const externalState = input.state === 'accepted' ? 'CANCELLED' : null;
  await db.query(
    `INSERT INTO marketplace_links (seller_id, marketplace, kind, external_id, local_id, external_state, push_state,
                                    push_error, pushed_at)
     VALUES ($1, 'ozon', 'cancellation', $2, $3, $4, $5, $6, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END)
     ON CONFLICT (seller_id, marketplace, kind, external_id)
     DO UPDATE SET external_state = EXCLUDED.external_state, push_state = EXCLUDED.push_state,
                   push_error = EXCLUDED.push_error, pushed_at = EXCLUDED.pushed_at, synced_at = now()
     WHERE $5::text IS NOT NULL OR marketplace_links.push_state IS NULL`,
    [
      input.sellerId,
      sellerCancellationExternalId(input.postingNumber),
      input.requestId,
      externalState,
      pushState,
      input.error?.slice(0, 1000) ?? null,
    ],
  );
  if (input.state === 'accepted')
    await db.query(
      `UPDATE marketplace_links SET external_state = 'cancelled', synced_at = now()
        WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = 'posting' AND external_id = $2`,
      [input.sellerId, input.postingNumber],
    );
}

// ── return actions ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Return cases from Ozon whose state says something Ozon's state does not have yet: `reached` gives, for each of our
 * states that is a seller's decision, the Ozon states in which Ozon has it (docs/ozon.md#return-actions). A push
 * that Ozon refused, or that failed every attempt, is not picked up again (ops retry its job). The case's version
 * makes the push job's id: one job per decision.
 *
 * Only the links behind their case are read (the partial index `marketplace_links_return_behind`): a link whose case
 * moved on since it was last matched (a trigger keeps `case_version`), or whose own state changed. Those with nothing
 * to push are then matched at the version read, unless the case or the link moved meanwhile (the update re-reads the
 * link's row), so the next scan skips them.
 */
export async function returnActionsAwaitingPush(
  db: SqlRunner,
  reached: Record<string, readonly string[]>,
  limit = 200,
): Promise<{ sellerId: string; caseId: string; version: number }[]> {
  const rows = (await db.query(
    `SELECT l.seller_id, rc.id, rc.version, l.external_state, l.push_state,
            (coalesce(l.push_state, 'accepted') = 'accepted' AND jsonb_exists($1::jsonb, rc.state)
             AND NOT jsonb_exists($1::jsonb -> rc.state, coalesce(l.external_state, ''))) AS awaits
       FROM marketplace_links l
       JOIN return_cases rc ON rc.id = l.local_id AND rc.seller_id = l.seller_id
      WHERE l.kind = 'return' AND (l.matched_version IS NULL OR l.case_version <> l.matched_version)
        AND l.marketplace = 'ozon'
      ORDER BY rc.updated_at LIMIT $2`,
    [JSON.stringify(reached), limit],
  )) as {
    seller_id: string;
    id: string;
    version: number;
    external_state: string | null;
    push_state: string | null;
    awaits: boolean;
  }[];
  const matched = rows.filter((r) => !r.awaits);
  if (matched.length > 0)
    await db.query(
      `UPDATE marketplace_links l SET matched_version = m.version, case_version = m.version
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS m(local_id, version, external_state, push_state)
        WHERE l.kind = 'return' AND l.marketplace = 'ozon' AND l.local_id = m.local_id
          AND (l.case_version IS NULL OR l.case_version = m.version)
          AND l.external_state IS NOT DISTINCT FROM m.external_state AND l.push_state IS NOT DISTINCT FROM m.push_state`,
      [
        matched.map((r) => r.id),
        matched.map((r) => Number(r.version)),
        matched.map((r) => r.external_state),
        matched.map((r) => r.push_state),
      ],
    );
  return rows.filter((r) => r.awaits).map((r) => ({ sellerId: r.seller_id, caseId: r.id, version: Number(r.version) }));
}

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
