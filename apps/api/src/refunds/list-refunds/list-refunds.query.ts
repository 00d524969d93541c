import { RefundOrmEntity } from '@aftersale/server/persistence';
import { REFUND_STATES } from '@aftersale/contracts';
import { equalsId, equalsOneOf } from '../../infrastructure/lists/list-params';
import { ListQuery } from '../../infrastructure/lists/read-queries';
import { ListSpec } from '../../infrastructure/lists/list-params';

export class ListRefundsQuery extends ListQuery {}

export const REFUNDS_LIST: ListSpec<RefundOrmEntity> = {
  resource: 'refunds',
  sortable: {
    id: 'r.id',
    createdAt: 'r.created_at',
    completedAt: 'r.completed_at',
    amount: 'r.amount',
    state: 'r.state',
  },
  filters: { state: equalsOneOf('r.state', REFUND_STATES), orderId: equalsId('r.order_id') },
};
