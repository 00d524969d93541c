import { EntityManager } from 'typeorm';
import {
  findMarketplaceLink,
  MarketplaceLink,
  MarketplaceLinkKind,
  saveMarketplaceLink,
} from '@aftersale/server/persistence';

export type LinkKind = MarketplaceLinkKind;
export type { MarketplaceLink };

/**
 * The mapping of Ozon's ids to ours (table marketplace_links, docs/ozon.md#import): what was imported once is
 * found again, so importing twice changes nothing. Read behind an advisory lock on the Ozon id, held to the
 * transaction's end, so two overlapping runs of one seller's import cannot both create the same thing. The SQL is
 * persistence's (`marketplace-links.ts` there).
 */
export function findLink(
  manager: EntityManager,
  sellerId: string,
  kind: LinkKind,
  externalId: string,
): Promise<MarketplaceLink | null> {
  return findMarketplaceLink(manager, sellerId, kind, externalId);
}

export function saveLink(
  manager: EntityManager,
  sellerId: string,
  kind: LinkKind,
  externalId: string,
  localId: string,
  externalState: string | null,
): Promise<void> {
  return saveMarketplaceLink(manager, sellerId, kind, externalId, localId, externalState);
}
