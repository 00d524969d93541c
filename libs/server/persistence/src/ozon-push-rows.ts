import { DataSource } from 'typeorm';
import { MarketplaceLinkKind, marketplaceCaseLink, sellerCancellationExternalId } from './marketplace-links';
import { processingMarketplaceRefunds } from './marketplace-queries';

export interface CancellationDecisionToPush {
  externalId: string;
  externalState: string | null;
  postingNumber: string;
  state: string;
  comment: string | null;
}

/** A person's message on the case of a marketplace order, not yet sent to the marketplace's chat. */
export interface ChatReplyToPush {
  sellerId: string;
  messageId: string;
  postingNumber: string;
  body: string;
  createdAt: Date;
}

const REPLY_SELECT = `
  SELECT m.id, m.seller_id, m.body, m.created_at, p.external_id AS posting_number
    FROM marketplace_connections mc
    JOIN messages m ON m.seller_id = mc.seller_id AND m.created_at >= mc.created_at
    LEFT JOIN cancellation_requests cr ON m.case_type = 'cancellation' AND cr.id = m.case_id
    LEFT JOIN return_cases rc ON m.case_type = 'return' AND rc.id = m.case_id
    JOIN marketplace_links p ON p.seller_id = m.seller_id AND p.marketplace = mc.marketplace AND p.kind = 'posting'
         AND p.local_id = coalesce(cr.order_id, rc.order_id)
   WHERE mc.marketplace = 'ozon' AND m.author->>'kind' = 'user'`;

/**
 * The worker's push of the seller's decisions to Ozon (docs/ozon.md#push), provided with `onDataSource`: what waits
 * for Ozon, found from the state itself, each push's subject, and where each push stands on its link.
 */
export class OzonPushRows {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Linked requests decided here by a person while their link still says `ON_APPROVAL` and nothing was pushed: the
   * decisions waiting for Ozon (docs/ozon.md#push), found from the state itself.
   */
  async decisionsAwaitingPush(limit = 500): Promise<{ sellerId: string; requestId: string }[]> {
    const rows = (await this.dataSource.query(
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

  /**
   * A linked request's decision as it is to be pushed: Ozon's id and state, the posting (Ozon's list finds the request
   * by it), ours and the decision's comment.
   */
  async cancellationDecisionToPush(sellerId: string, requestId: string): Promise<CancellationDecisionToPush | null> {
    const rows = (await this.dataSource.query(
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
  async recordPushAccepted(
    kind: 'cancellation' | 'return',
    sellerId: string,
    localId: string,
    externalState: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE marketplace_links SET external_state = $4, push_state = 'accepted', push_error = NULL, pushed_at = now(),
         synced_at = now()
        WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = $2 AND local_id = $3`,
      [sellerId, kind, localId, externalState],
    );
  }

  /** A push Ozon refused, or that failed every attempt, kept on the link with why. */
  async recordPushFailure(
    sellerId: string,
    localId: string,
    state: 'refused' | 'failed',
    error: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE marketplace_links SET push_state = $3, push_error = $4, pushed_at = now()
        WHERE seller_id = $1 AND marketplace = 'ozon' AND local_id = $2`,
      [sellerId, localId, state, error.slice(0, 1000)],
    );
  }

  /**
   * Seller cancellations of Ozon orders that Ozon has not been told of: the posting still not `cancelled` on Ozon's
   * side and the request's link (written when the push starts) without an answer (docs/ozon.md#push).
   */
  async sellerCancellationsAwaitingPush(
    limit = 200,
  ): Promise<{ sellerId: string; requestId: string; postingNumber: string }[]> {
    const rows = (await this.dataSource.query(
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
  async sellerCancellationToPush(
    sellerId: string,
    requestId: string,
  ): Promise<{ postingNumber: string; reasonId: string; comment: string | null; pushState: string | null } | null> {
    const rows = (await this.dataSource.query(
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
  async recordSellerCancellationPush(input: {
    sellerId: string;
    requestId: string;
    postingNumber: string;
    state: 'sending' | 'accepted' | 'refused' | 'failed';
    error?: string;
  }): Promise<void> {
    const pushState = input.state === 'sending' ? null : input.state;
    const externalState = input.state === 'accepted' ? 'CANCELLED' : null;
    await this.dataSource.query(
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
      await this.dataSource.query(
        `UPDATE marketplace_links SET external_state = 'cancelled', synced_at = now()
          WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = 'posting' AND external_id = $2`,
        [input.sellerId, input.postingNumber],
      );
  }

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
  async returnActionsAwaitingPush(
    reached: Record<string, readonly string[]>,
    limit = 200,
  ): Promise<{ sellerId: string; caseId: string; version: number }[]> {
    const rows = (await this.dataSource.query(
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
      await this.dataSource.query(
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
    return rows
      .filter((r) => r.awaits)
      .map((r) => ({ sellerId: r.seller_id, caseId: r.id, version: Number(r.version) }));
  }

  /**
   * The people's replies on cases of Ozon orders written since the account was connected (and in the last week) that
   * have no `chat-message` link yet: the push scan sends them to Ozon's chat (docs/ozon.md#push).
   */
  async chatRepliesToPush(limit = 200): Promise<ChatReplyToPush[]> {
    const rows = (await this.dataSource.query(
      `${REPLY_SELECT} AND m.created_at > now() - interval '7 days'
          AND NOT EXISTS (SELECT 1 FROM marketplace_links l WHERE l.local_id = m.id AND l.kind = 'chat-message')
        ORDER BY m.created_at LIMIT $1`,
      [limit],
    )) as { id: string; seller_id: string; body: string; posting_number: string; created_at: Date }[];
    return rows.map((r) => ({
      sellerId: r.seller_id,
      messageId: r.id,
      postingNumber: r.posting_number,
      body: r.body,
      createdAt: new Date(r.created_at),
    }));
  }

  /** One reply to push, with whether it was pushed already (its link's push state). */
  async chatReplyToPush(
    sellerId: string,
    messageId: string,
  ): Promise<(ChatReplyToPush & { pushState: string | null }) | null> {
    const rows = (await this.dataSource.query(
      `SELECT r.*, l.push_state FROM (${REPLY_SELECT} AND m.seller_id = $1 AND m.id = $2) r
         LEFT JOIN marketplace_links l ON l.local_id = r.id AND l.kind = 'chat-message'`,
      [sellerId, messageId],
    )) as {
      id: string;
      seller_id: string;
      body: string;
      posting_number: string;
      created_at: Date;
      push_state: string | null;
    }[];
    const r = rows[0];
    return r
      ? {
          sellerId: r.seller_id,
          messageId: r.id,
          postingNumber: r.posting_number,
          body: r.body,
          createdAt: new Date(r.created_at),
          pushState: r.push_state,
        }
      : null;
  }

  /**
   * Where a reply's push stands: `accepted` (with Ozon's chat id as its state), `refused` or `failed` with why. The
   * link's Ozon id is `reply/<messageId>`, so a reply is one link whatever its outcome.
   */
  async recordChatReplyPush(input: {
    sellerId: string;
    messageId: string;
    chatId: string | null;
    state: 'accepted' | 'refused' | 'failed';
    error?: string;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO marketplace_links (seller_id, marketplace, kind, external_id, local_id, external_state, push_state,
                                      push_error, pushed_at)
       VALUES ($1, 'ozon', 'chat-message', $2, $3, $4, $5, $6, now())
       ON CONFLICT (seller_id, marketplace, kind, external_id)
       DO UPDATE SET external_state = coalesce(EXCLUDED.external_state, marketplace_links.external_state),
                     push_state = EXCLUDED.push_state, push_error = EXCLUDED.push_error, pushed_at = now(), synced_at = now()`,
      [
        input.sellerId,
        `reply/${input.messageId}`,
        input.messageId,
        input.chatId,
        input.state,
        input.error?.slice(0, 1000) ?? null,
      ],
    );
  }

  /** The refunds of marketplace orders left `processing` (`processingMarketplaceRefunds`). */
  processingMarketplaceRefunds() {
    return processingMarketplaceRefunds(this.dataSource);
  }

  /** A case's link to Ozon (`marketplaceCaseLink`). */
  caseLink(sellerId: string, kind: MarketplaceLinkKind, localId: string) {
    return marketplaceCaseLink(this.dataSource, sellerId, kind, localId);
  }
}
