import { RecordReads } from '../infrastructure/lists/record-reads';
import { CancellationRequestOrmEntity, cancellationView } from '@aftersale/server/persistence';
import { CANCELLATION_INITIATORS, CANCELLATION_STATES } from '@aftersale/contracts';
import {
  after,
  before,
  equalsId,
  equalsOneOf,
  equalsOneOfMerged,
  textSearch,
  ListSpec,
} from '../infrastructure/lists/list-params';

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
  perSeller: ['state'],
  filters: {
    // the console's tabs: several states in the order of an index after (seller_id, state), from the first page
    // (migration 1767510000000, docs/benchmarks.md, 48)
    state: equalsOneOfMerged('c.state', CANCELLATION_STATES, ['c.decided_at', 'c.deadline_at'], 0),
    orderId: equalsId('c.order_id'),
    initiator: equalsOneOf('c.initiator', CANCELLATION_INITIATORS),
    deadlineBefore: before('c.deadline_at'),
    deadlineAfter: after('c.deadline_at'),
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
