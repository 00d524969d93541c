/** Anything that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Where a refund stands with the marketplace its order came from (docs/ozon.md#refunds-of-ozon-orders): the
 * order's posting link, and the link of the refund's cause (the Ozon cancellation or return it answers), if any.
 */
export interface MarketplaceRefundStanding {
  refundId: string;
  orderId: string;
  causeType: string;
  causeId: string;
  /** the refund's payment attempts so far */
  attempts: number;
  marketplace: string;
  /** Ozon's state of the posting (e.g. `cancelled`) */
  postingState: string | null;
  /** the cause's link: Ozon's state of the request or return, and where our push of the decision stands */
  cause: { externalState: string | null; pushState: string | null; pushError: string | null } | null;
}

/** Is the order tied to a marketplace posting (imported from Ozon)? Returns the marketplace's name, or null. */
export async function marketplaceOfOrder(db: SqlRunner, orderId: string): Promise<string | null> {
  const rows = (await db.query(
    `SELECT marketplace FROM marketplace_links WHERE kind = 'posting' AND local_id = $1 LIMIT 1`,
    [orderId],
  )) as { marketplace: string }[];
  return rows[0]?.marketplace ?? null;
}

const STANDING_SELECT = `
  SELECT r.id AS refund_id, r.order_id, r.cause_type, r.cause_id, r.attempts, p.marketplace,
         p.external_state AS posting_state, c.kind AS cause_kind, c.external_state, c.push_state, c.push_error
    FROM refunds r
    JOIN marketplace_links p ON p.local_id = r.order_id AND p.kind = 'posting' AND p.seller_id = r.seller_id
    LEFT JOIN marketplace_links c ON c.local_id = r.cause_id AND c.seller_id = r.seller_id
         AND c.marketplace = p.marketplace AND c.kind = r.cause_type AND c.kind IN ('cancellation', 'return')`;

interface StandingRow {
  refund_id: string;
  order_id: string;
  cause_type: string;
  cause_id: string;
  attempts: number;
  marketplace: string;
  posting_state: string | null;
  cause_kind: string | null;
  external_state: string | null;
  push_state: string | null;
  push_error: string | null;
}

function standingOf(row: StandingRow): MarketplaceRefundStanding {
  return {
    refundId: row.refund_id,
    orderId: row.order_id,
    causeType: row.cause_type,
    causeId: row.cause_id,
    attempts: Number(row.attempts),
    marketplace: row.marketplace,
    postingState: row.posting_state,
    cause: row.cause_kind
      ? { externalState: row.external_state, pushState: row.push_state, pushError: row.push_error }
      : null,
  };
}

/** The standing of the refund with this idempotency key, or null when its order is not a marketplace's. */
export async function marketplaceRefundStanding(
  db: SqlRunner,
  idempotencyKey: string,
): Promise<MarketplaceRefundStanding | null> {
  const rows = (await db.query(`${STANDING_SELECT} WHERE r.idempotency_key = $1 LIMIT 1`, [
    idempotencyKey,
  ])) as StandingRow[];
  return rows[0] ? standingOf(rows[0]) : null;
}

/**
 * Refunds of marketplace orders left `processing` because the marketplace had not answered (the partial index
 * refunds_processing keeps this cheap): the push scan runs them again once Ozon's answer is in.
 */
export async function processingMarketplaceRefunds(db: SqlRunner, limit = 100): Promise<MarketplaceRefundStanding[]> {
  const rows = (await db.query(`${STANDING_SELECT} WHERE r.state = 'processing' ORDER BY r.updated_at LIMIT $1`, [
    limit,
  ])) as StandingRow[];
  return rows.map(standingOf);
}

/** The refunds still waiting for a payment answer whose cause is this linked case (a request, a return). */
export async function refundsAwaitingCause(db: SqlRunner, causeId: string): Promise<string[]> {
  const rows = (await db.query(`SELECT id FROM refunds WHERE cause_id = $1 AND state IN ('pending', 'processing')`, [
    causeId,
  ])) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The case an Ozon chat of this order belongs to: the order's latest return case, else its latest cancellation request. */
export interface MarketplaceChatCase {
  orderId: string;
  caseType: 'return' | 'cancellation';
  caseId: string;
}

/**
 * The case for a marketplace chat about one of the seller's linked postings, found by Ozon's order number (a posting
 * number is the order number and a suffix); null when the order is not imported or has no case yet.
 */
export async function marketplaceChatCase(
  db: SqlRunner,
  sellerId: string,
  orderNumber: string,
): Promise<MarketplaceChatCase | null> {
  const rows = (await db.query(
    `WITH posting AS (
       SELECT local_id AS order_id FROM marketplace_links
        WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = 'posting'
          AND (external_id = $2 OR external_id LIKE $2 || '-%')
        LIMIT 1)
     SELECT posting.order_id, c.case_type, c.id FROM posting
       JOIN LATERAL (
         SELECT 'return' AS case_type, id, created_at FROM return_cases WHERE order_id = posting.order_id
         UNION ALL
         SELECT 'cancellation', id, created_at FROM cancellation_requests WHERE order_id = posting.order_id
         ORDER BY 1 DESC, created_at DESC LIMIT 1) c ON true`,
    [sellerId, orderNumber],
  )) as { order_id: string; case_type: 'return' | 'cancellation'; id: string }[];
  return rows[0] ? { orderId: rows[0].order_id, caseType: rows[0].case_type, caseId: rows[0].id } : null;
}
