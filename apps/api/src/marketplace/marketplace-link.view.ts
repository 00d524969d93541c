import type { CancellationView, MarketplaceLinkView } from '@aftersale/contracts';
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
  const row = await connections.cancellationLink(request.sellerId, request.id);
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
