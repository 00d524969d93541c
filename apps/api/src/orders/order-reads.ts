import { RecordReads } from '../infrastructure/lists/record-reads';
import { OrderOrmEntity, orderView } from '@aftersale/server/persistence';
import { ORDER_STATUSES } from '@aftersale/contracts';
import { equalsOneOf, textSearch } from '../infrastructure/lists/list-params';
import { ListSpec } from '../infrastructure/lists/list-params';

export const ORDERS_LIST: ListSpec<OrderOrmEntity> = {
  resource: 'orders',
  sortable: {
    id: 'o.id',
    createdAt: 'o.created_at',
    updatedAt: 'o.updated_at',
    postingNumber: 'o.posting_number',
    status: 'o.status',
  },
  filters: {
    status: equalsOneOf('o.status', ORDER_STATUSES),
    q: textSearch(
      (p) =>
        // one set of ids from the trigram indexes (migration 1766100000000-list-indexes): an OR with EXISTS
        // can use no index and reads every order of the seller
        `o.id IN (SELECT so.id FROM orders so WHERE lower(so.posting_number) LIKE :${p} OR lower(so.buyer_name) LIKE :${p} UNION SELECT ol.order_id FROM order_lines ol WHERE lower(ol.sku) LIKE :${p})`,
    ),
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
