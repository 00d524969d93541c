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
    // one column of the posting number, buyer name and SKUs (migration 1767200000000-orders-search-text)
    q: textSearch((p) => `o.search_text LIKE :${p}`),
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
