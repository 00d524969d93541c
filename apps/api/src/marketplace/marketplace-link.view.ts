import { DataSource } from 'typeorm';
import type { CancellationView, MarketplaceLinkView, ReturnView } from '@aftersale/contracts';
import { ozonReturnAwaitsPush } from '@aftersale/server/ozon';
import { chatRepliesStanding, marketplaceCaseLink } from '@aftersale/server/persistence';

/**
 * A cancellation request's tie to Ozon, for its page (docs/ozon.md#push): Ozon's id and state, and whether our
 * decision is still on its way to Ozon, was accepted, or was refused with Ozon's answer; the same for the replies
 * written on the case, which go to the buyer through Ozon's chat.
 */
export async function cancellationLinkOf(
  dataSource: DataSource,
  request: CancellationView,
): Promise<MarketplaceLinkView | null> {
  const rows: {
    external_id: string;
    external_state: string | null;
    push_state: 'accepted' | 'refused' | 'failed' | null;
    push_error: string | null;
  }[] = await dataSource.query(
    `SELECT external_id, external_state, push_state, push_error FROM marketplace_links
      WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = 'cancellation' AND local_id = $2`,
    [request.sellerId, request.id],
  );
  const row = rows[0];
  if (!row) return null;
  const decidedHere =
    (request.state === 'approved' || request.state === 'rejected') &&
    request.decidedBy !== 'system' &&
    request.decidedBy !== 'deadline';
  // a decision on Ozon's request, or the seller's own cancellation (linked as `seller/<posting>`), not yet answered
  const sending =
    !row.push_state && ((decidedHere && row.external_state === 'ON_APPROVAL') || row.external_id.startsWith('seller/'));
  return {
    marketplace: 'ozon',
    externalId: row.external_id,
    externalState: row.external_state,
    push: row.push_state ?? (sending ? 'sending' : null),
    pushError: row.push_error,
    replies: await chatRepliesStanding(dataSource, request.sellerId, 'cancellation', request.id),
  };
}

/**
 * A return case's tie to Ozon's rFBS return (docs/ozon.md#return-actions): Ozon's `return_id` and state, and whether
 * the seller's latest decision is still on its way to Ozon (`sending`), was accepted, or was refused or failed with
 * why; the replies as for a cancellation.
 */
export async function returnLinkOf(dataSource: DataSource, view: ReturnView): Promise<MarketplaceLinkView | null> {
  const link = await marketplaceCaseLink(dataSource, view.sellerId, 'return', view.id);
  if (!link) return null;
  const stopped = link.pushState === 'refused' || link.pushState === 'failed';
  const sending = !stopped && ozonReturnAwaitsPush(view.state, link.externalState);
  return {
    marketplace: 'ozon',
    externalId: link.externalId,
    externalState: link.externalState,
    push: sending ? 'sending' : link.pushState,
    pushError: link.pushError,
    replies: await chatRepliesStanding(dataSource, view.sellerId, 'return', view.id),
  };
}
