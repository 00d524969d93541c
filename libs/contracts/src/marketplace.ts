/**
 * A seller's connection to a marketplace account (docs/ozon.md#connection-status):
 * - `ok`: the last call to the marketplace worked;
 * - `bad-credentials`: the marketplace refused the Client-Id / Api-Key (reconnect with a new key);
 * - `rate-limited`: the marketplace kept answering 429; the next sync retries;
 * - `unreachable`: timeouts, network errors or 5xx; the next sync retries.
 */
export type MarketplaceConnectionStatus = 'ok' | 'bad-credentials' | 'rate-limited' | 'unreachable';

/** `GET /api/v1/marketplace/ozon`. The Api-Key is never part of any answer. */
export interface OzonConnectionView {
  marketplace: 'ozon';
  connected: boolean;
  clientId: string | null;
  status: MarketplaceConnectionStatus | null;
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  connectedAt: string | null;
}

/** `PUT /api/v1/marketplace/ozon` */
export interface ConnectOzonBody {
  clientId: string;
  apiKey: string;
}

/**
 * Where a decision of ours stands with Ozon (docs/ozon.md#push):
 * - `sending`: decided here, not yet accepted by Ozon ("sending to Ozon");
 * - `accepted`: Ozon took it;
 * - `refused`: Ozon said no (`pushError` has Ozon's answer);
 * - `failed`: Ozon could not be reached in any attempt (`pushError` says why; ops can retry the job).
 */
export type MarketplacePushState = 'sending' | 'accepted' | 'refused' | 'failed';

/** A case that came from Ozon: its Ozon id and state, and the state of our decision's push. */
export interface MarketplaceLinkView {
  marketplace: 'ozon';
  /** Ozon's id (`cancellation_id`, a return's `return_id`) */
  externalId: string;
  /**
   * Ozon's state as last seen or accepted: a request's `ON_APPROVAL`, `APPROVED`, `REJECTED`; a return's
   * `state.state` (`New`, `Delivering`, `Checkout`, `MoneyReturned`, `Rejected`, `Arbitration`, ...)
   */
  externalState: string | null;
  /** null while no decision of ours concerns Ozon */
  push: MarketplacePushState | null;
  pushError: string | null;
  /** the people's replies on the case and where each stands with Ozon's chat (docs/ozon.md#push) */
  replies?: MarketplaceRepliesView;
}

/** How many replies of the case are still sending to Ozon's chat, were accepted, refused or failed; Ozon's last answer. */
export interface MarketplaceRepliesView {
  sending: number;
  accepted: number;
  refused: number;
  failed: number;
  lastError: string | null;
  /** each reply, oldest first: where it stands with Ozon's chat, and Ozon's answer when it was refused or failed */
  messages: MarketplaceReplyView[];
}

/** One reply's push to Ozon's chat: `sending` until Ozon's answer, then `accepted`, `refused` or `failed`. */
export interface MarketplaceReplyView {
  messageId: string;
  push: MarketplacePushState;
  error: string | null;
}
