import { RecordReads } from '../infrastructure/lists/record-reads';
import { OrderOrmEntity, orderView, whereOrderTextMatches } from '@aftersale/server/persistence';
import { ORDER_STATUSES } from '@aftersale/contracts';
import { equalsOneOf, EXACT_TOTAL_UP_TO, searchText } from '../infrastructure/lists/list-params';
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
    // the posting number, buyer name and SKUs: a walk over the seller's orders when PostgreSQL expects more matches
    // than a total is counted for, else the search table's trigram index (docs/benchmarks.md, 19)
    q: (qb, value, param) => whereOrderTextMatches(qb, searchText(value, param), param, EXACT_TOTAL_UP_TO),
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
