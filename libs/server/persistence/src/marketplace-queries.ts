import { DataSource } from 'typeorm';
import { prepared } from './repositories/prepared';

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
  /**
   * the cause's link: Ozon's state of the request or return (a compensation's: its return's), and where our push of
   * the decision stands
   */
  cause: { externalState: string | null; pushState: string | null; pushError: string | null } | null;
}

/** Is the order tied to a marketplace posting (imported from Ozon)? Returns the marketplace's name, or null. */
export async function marketplaceOfOrder(db: SqlRunner, orderId: string): Promise<string | null> {
  const rows = (await db.query(
    prepared(`SELECT marketplace FROM marketplace_links WHERE kind = 'posting' AND local_id = $1 LIMIT 1`),
    [orderId],
  )) as { marketplace: string }[];
  return rows[0]?.marketplace ?? null;
}

/**
 * The order a refund's key pays and its marketplace (its posting link; null for the generic channel), or null when no
 * refund has the key: the payment router's one read per payment (docs/benchmarks.md, 14) — the marketplace's refund
 * standing is read only by the marketplace's adapter.
 */
export async function marketplaceOfRefund(
  db: SqlRunner,
  idempotencyKey: string,
): Promise<{ orderId: string; marketplace: string | null } | null> {
  const rows = (await db.query(
    prepared(`SELECT r.order_id, p.marketplace FROM refunds r
       LEFT JOIN marketplace_links p ON p.local_id = r.order_id AND p.kind = 'posting' AND p.seller_id = r.seller_id
     WHERE r.idempotency_key = $1 LIMIT 1`),
    [idempotencyKey],
  )) as { order_id: string; marketplace: string | null }[];
  return rows[0] ? { orderId: rows[0].order_id, marketplace: rows[0].marketplace } : null;
}

const STANDING_SELECT = `
  SELECT r.id AS refund_id, r.order_id, r.cause_type, r.cause_id, r.attempts, p.marketplace,
         p.external_state AS posting_state, c.kind AS cause_kind, c.external_state, c.push_state, c.push_error
    FROM refunds r
    JOIN marketplace_links p ON p.local_id = r.order_id AND p.kind = 'posting' AND p.seller_id = r.seller_id
    LEFT JOIN marketplace_links c ON c.seller_id = r.seller_id AND c.marketplace = p.marketplace
         AND ((c.local_id = r.cause_id AND c.kind = r.cause_type AND c.kind IN ('cancellation', 'return'))
           -- a compensation's cause is its offer: the link is its return case's
           OR (r.cause_type = 'compensation' AND c.kind = 'return' AND c.local_id = (
                SELECT rc.id FROM return_cases rc WHERE rc.order_id = r.order_id
                   AND rc.snapshot->'compensationOffers' @> jsonb_build_array(jsonb_build_object('id', r.cause_id::text))
                 LIMIT 1)))`;

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
 * The payments' reads of an order's marketplace and of a refund's standing with it (docs/ozon.md#refunds-of-ozon-orders),
 * provided with `onDataSource`: the payment router's and the marketplace's payment adapter's.
 */
export class MarketplaceRefundRows {
  constructor(private readonly dataSource: DataSource) {}

  /** `marketplaceOfOrder` */
  marketplaceOfOrder(orderId: string): Promise<string | null> {
    return marketplaceOfOrder(this.dataSource, orderId);
  }

  /** `marketplaceOfRefund`: the router's one read per payment */
  marketplaceOfRefund(idempotencyKey: string): Promise<{ orderId: string; marketplace: string | null } | null> {
    return marketplaceOfRefund(this.dataSource, idempotencyKey);
  }

  /** `marketplaceRefundStanding` */
  refundStanding(idempotencyKey: string): Promise<MarketplaceRefundStanding | null> {
    return marketplaceRefundStanding(this.dataSource, idempotencyKey);
  }
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

/**
 * How a case's replies stand with Ozon's chat, each and in all: the people's messages written since the account was
 * connected, oldest first, with Ozon's answer to each refused or failed one. A reply with no link yet is sending
 * while the push scan still looks for it (7 days, `chatRepliesToPush`); older, it failed and says why.
 */
export async function chatRepliesStanding(
  db: SqlRunner,
  sellerId: string,
  caseType: 'cancellation' | 'return',
  caseId: string,
): Promise<{
  sending: number;
  accepted: number;
  refused: number;
  failed: number;
  lastError: string | null;
  messages: { messageId: string; push: 'sending' | 'accepted' | 'refused' | 'failed'; error: string | null }[];
}> {
  const rows = (await db.query(
    `SELECT m.id,
            CASE WHEN l.push_state IS NOT NULL THEN l.push_state
                 WHEN m.created_at > now() - interval '7 days' THEN 'sending' ELSE 'failed' END AS state,
            CASE WHEN l.push_state IS NULL AND m.created_at <= now() - interval '7 days'
                 THEN 'Not sent: replies are sent to Ozon within 7 days of being written' ELSE l.push_error END AS error
       FROM messages m
       LEFT JOIN marketplace_links l ON l.local_id = m.id AND l.kind = 'chat-message'
      WHERE m.seller_id = $1 AND m.case_type = $2 AND m.case_id = $3 AND m.author->>'kind' = 'user'
        AND m.created_at >= (SELECT created_at FROM marketplace_connections WHERE seller_id = $1 AND marketplace = 'ozon')
      ORDER BY m.created_at, m.id`,
    [sellerId, caseType, caseId],
  )) as { id: string; state: 'sending' | 'accepted' | 'refused' | 'failed'; error: string | null }[];
  const standing = { sending: 0, accepted: 0, refused: 0, failed: 0, lastError: null as string | null };
  for (const row of rows) {
    standing[row.state] += 1;
    if (row.error) standing.lastError = row.error;
  }
  return { ...standing, messages: rows.map((r) => ({ messageId: r.id, push: r.state, error: r.error })) };
}
