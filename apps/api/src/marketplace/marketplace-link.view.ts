import type { CancellationView, MarketplaceLinkView, ReturnView } from '@aftersale/contracts';
import { ozonReturnAwaitsPush } from '@aftersale/server/ozon';
import { MarketplaceConnections } from '@aftersale/server/persistence';

/**
 * A cancellation request's tie to Ozon, for its page (docs/ozon.md#push): Ozon's id and state, and whether our
 * decision is still on its way to Ozon, was accepted, or was refused with Ozon's answer; the same for the replies
 * written on the case, which go to the buyer through Ozon's chat.
 */
export async function cancellationLinkOf(
  connections: MarketplaceConnections,
  request: CancellationView,
): Promise<MarketplaceLinkView | null> {
  const row = await connections.caseLink(request.sellerId, 'cancellation', request.id);
  if (!row) return null;
  const decidedHere =
    (request.state === 'approved' || request.state === 'rejected') &&
    request.decidedBy !== 'system' &&
    request.decidedBy !== 'deadline';
  // a decision on Ozon's request, or the seller's own cancellation (linked as `seller/<posting>`), not yet answered
  const sending =
    !row.pushState && ((decidedHere && row.externalState === 'ON_APPROVAL') || row.externalId.startsWith('seller/'));
  return {
    marketplace: 'ozon',
    externalId: row.externalId,
    externalState: row.externalState,
    push: row.pushState ?? (sending ? 'sending' : null),
    pushError: row.pushError,
    replies: await connections.chatReplies(request.sellerId, 'cancellation', request.id),
  };
}

/**
 * A return case's tie to Ozon's rFBS return (docs/ozon.md#return-actions): Ozon's `return_id` and state, and whether
 * the seller's latest decision is still on its way to Ozon (`sending`), was accepted, or was refused or failed with
 * why; the replies as for a cancellation.
 */
export async function returnLinkOf(
  connections: MarketplaceConnections,
  view: ReturnView,
): Promise<MarketplaceLinkView | null> {
  const link = await connections.caseLink(view.sellerId, 'return', view.id);
  if (!link) return null;
  const stopped = link.pushState === 'refused' || link.pushState === 'failed';
  const sending = !stopped && ozonReturnAwaitsPush(view.state, link.externalState);
  return {
    marketplace: 'ozon',
    externalId: link.externalId,
    externalState: link.externalState,
    push: sending ? 'sending' : link.pushState,
    pushError: link.pushError,
    replies: await connections.chatReplies(view.sellerId, 'return', view.id),
  };
}
