import { RecordReads } from '../infrastructure/lists/record-reads';
import { RETURN_STATES, RETURN_TYPES } from '@aftersale/contracts';
import { ReturnCaseOrmEntity, returnView } from '@aftersale/server/persistence';
import {
  after,
  before,
  equalsId,
  equalsOneOf,
  equalsOneOfMerged,
  ListSpec,
  textSearch,
} from '../infrastructure/lists/list-params';

export const RETURNS_LIST: ListSpec<ReturnCaseOrmEntity> = {
  resource: 'returns',
  sortable: {
    id: 'r.id',
    createdAt: 'r.created_at',
    updatedAt: 'r.updated_at',
    state: 'r.state',
    type: 'r.type',
    nextDeadlineAt: 'r.next_deadline_at',
    postingNumber: 'r.posting_number',
  },
  perSeller: ['state'],
  filters: {
    // the console's tabs: several states in the order of an index after (seller_id, state), from the first page
    // (migration 1767520000000, docs/benchmarks.md, 49)
    state: equalsOneOfMerged('r.state', RETURN_STATES, ['r.updated_at', 'r.next_deadline_at'], 0),
    type: equalsOneOf('r.type', RETURN_TYPES),
    orderId: equalsId('r.order_id'),
    // the case's next deadline: in `requested` its decision deadline (the dashboard's due and overdue cards)
    deadlineBefore: before('r.next_deadline_at'),
    deadlineAfter: after('r.next_deadline_at'),
    q: textSearch((p) => `(lower(r.tracking_number) LIKE :${p} OR lower(r.posting_number) LIKE :${p})`),
  },
};

/** `GET /returns` and `GET /returns/:id` */
export const RETURN_READS: RecordReads<ReturnCaseOrmEntity, ReturnType<typeof returnView>> = {
  entity: ReturnCaseOrmEntity,
  what: 'return case',
  alias: 'r',
  list: RETURNS_LIST,
  view: returnView,
};
