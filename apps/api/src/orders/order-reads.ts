import { RecordReads } from '../infrastructure/lists/record-reads';
import {
  OrderOrmEntity,
  orderPageByDays,
  ORDERS_OF_SELLER,
  orderView,
  WalkAbove,
  whereOrderTextMatches,
} from '@aftersale/server/persistence';
import { ORDER_STATUSES } from '@aftersale/contracts';
import { equalsOneOfMerged, searchText, ListSpec } from '../infrastructure/lists/list-params';

/**
 * An orders search PostgreSQL expects to match more than this many orders walks the seller's orders in the list's
 * order and takes the estimate as its total (docs/api.md "Reading"; docs/benchmarks.md, 20): 1,000 for a name,
 * 5,000 for a code (a posting number, a SKU: two runs of three ASCII letters or digits), which the search table
 * finds and sorts at about a row per match, and whose thousand matches in a million orders PostgreSQL may estimate
 * at up to twice or three times that (docs/benchmarks.md, 21).
 */
export const WALK_SEARCH_ABOVE: WalkAbove = { code: 5000, other: 1000 };

export const ORDERS_LIST: ListSpec<OrderOrmEntity> = {
  resource: 'orders',
  sortable: {
    id: 'o.id',
    createdAt: 'o.created_at',
    updatedAt: 'o.updated_at',
    postingNumber: 'o.posting_number',
    status: 'o.status',
  },
  // ops' list of every seller's orders: seller by seller, unfiltered or by status (docs/benchmarks.md, 50), but for
  // its default order and the id's, which an index of every seller's orders holds (migration 1767570000000, the
  // primary key; docs/benchmarks.md, 79)
  perSeller: ['status'],
  everySellerIndexed: ['o.created_at', 'o.id'],
  // a seller's deep page by creation time starts at its day, found from the seller's orders per day, and their sum
  // is the seller's whole list's total (migration 1767580000000; docs/benchmarks.md, 80)
  countedPages: { 'o.created_at': orderPageByDays },
  countedTotal: ORDERS_OF_SELLER,
  filters: {
    // a deep page of several statuses merges one scan per status (docs/benchmarks.md, 26): the indexes
    // (seller_id, status, created_at DESC, id DESC) and (seller_id, status, id)
    status: equalsOneOfMerged('o.status', ORDER_STATUSES, ['o.created_at', 'o.id', 'o.status']),
    // the posting number, buyer name and SKUs: a walk over the seller's orders when PostgreSQL expects more than
    // WALK_SEARCH_ABOVE matches, else the search table's trigram index, where the only filter's page is also taken
    // when it is sorted by creation or id (docs/benchmarks.md, 19, 20 and 21)
    q: (qb, value, param, page) => whereOrderTextMatches(qb, searchText(value, param), param, WALK_SEARCH_ABOVE, page),
  },
};

/** `GET /orders` and `GET /orders/:id` */
export const ORDER_READS: RecordReads<OrderOrmEntity, ReturnType<typeof orderView>> = {
  entity: OrderOrmEntity,
  what: 'order',
  alias: 'o',
  relations: ['lines'],
  list: ORDERS_LIST,
  view: orderView,
};
