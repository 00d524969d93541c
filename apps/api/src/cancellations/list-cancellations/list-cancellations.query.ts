import { CancellationRequestOrmEntity } from '@aftersale/server/persistence';
import { CANCELLATION_INITIATORS, CANCELLATION_STATES } from '@aftersale/contracts';
import { before, equalsId, equalsOneOf, textSearch } from '../../infrastructure/lists/list-params';
import { ListQuery } from '../../infrastructure/lists/read-queries';
import { ListSpec } from '../../infrastructure/lists/list-params';

export class ListCancellationsQuery extends ListQuery {}

export const CANCELLATIONS_LIST: ListSpec<CancellationRequestOrmEntity> = {
  resource: 'cancellations',
  sortable: {
    id: 'c.id',
    createdAt: 'c.created_at',
    updatedAt: 'c.updated_at',
    deadlineAt: 'c.deadline_at',
    decidedAt: 'c.decided_at',
    state: 'c.state',
    postingNumber: 'c.posting_number',
  },
  filters: {
    state: equalsOneOf('c.state', CANCELLATION_STATES),
    orderId: equalsId('c.order_id'),
    initiator: equalsOneOf('c.initiator', CANCELLATION_INITIATORS),
    deadlineBefore: before('c.deadline_at'),
    q: textSearch((p) => `lower(c.posting_number) LIKE :${p}`),
  },
};
