import { RecordReads } from '../infrastructure/lists/record-reads';
import { CancellationRequestOrmEntity, cancellationView } from '@aftersale/server/persistence';
import { CANCELLATION_INITIATORS, CANCELLATION_STATES } from '@aftersale/contracts';
import { before, equalsId, equalsOneOf, textSearch, ListSpec } from '../infrastructure/lists/list-params';

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

/** `GET /cancellations` and `GET /cancellations/:id` */
export const CANCELLATION_READS: RecordReads<CancellationRequestOrmEntity, ReturnType<typeof cancellationView>> = {
  entity: CancellationRequestOrmEntity,
  what: 'cancellation request',
  alias: 'c',
  list: CANCELLATIONS_LIST,
  view: cancellationView,
};
