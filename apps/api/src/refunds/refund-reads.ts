import { RecordReads } from '../infrastructure/lists/record-reads';
import { RefundOrmEntity, refundView } from '@aftersale/server/persistence';
import { REFUND_STATES } from '@aftersale/contracts';
import { equalsId, equalsOneOf, ListSpec } from '../infrastructure/lists/list-params';

export const REFUNDS_LIST: ListSpec<RefundOrmEntity> = {
  resource: 'refunds',
  sortable: {
    id: 'r.id',
    createdAt: 'r.created_at',
    completedAt: 'r.completed_at',
    amount: 'r.amount',
    state: 'r.state',
  },
  perSeller: ['state'],
  filters: { state: equalsOneOf('r.state', REFUND_STATES), orderId: equalsId('r.order_id') },
};

/** `GET /refunds` and `GET /refunds/:id` */
export const REFUND_READS: RecordReads<RefundOrmEntity, ReturnType<typeof refundView>> = {
  entity: RefundOrmEntity,
  what: 'refund',
  alias: 'r',
  list: REFUNDS_LIST,
  view: refundView,
};
