import { RecordReads } from '../infrastructure/lists/record-reads';
import { RETURN_STATES, RETURN_TYPES } from '@aftersale/contracts';
import { ReturnCaseOrmEntity, returnView } from '@aftersale/server/persistence';
import { equalsId, equalsOneOf, ListSpec, textSearch } from '../infrastructure/lists/list-params';

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
  filters: {
    state: equalsOneOf('r.state', RETURN_STATES),
    type: equalsOneOf('r.type', RETURN_TYPES),
    orderId: equalsId('r.order_id'),
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
