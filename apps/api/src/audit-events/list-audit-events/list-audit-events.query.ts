import { AuditEventOrmEntity } from '@aftersale/server/persistence';
import { equalsId, equalsOneOf } from '../../infrastructure/lists/list-params';
import { ListQuery } from '../../infrastructure/lists/read-queries';
import { ListSpec } from '../../infrastructure/lists/list-params';

export class ListAuditEventsQuery extends ListQuery {}

export const AUDIT_EVENTS_LIST: ListSpec<AuditEventOrmEntity> = {
  resource: 'audit-events',
  sortable: { id: 'a.id', createdAt: 'a.seq', at: 'a.seq', type: 'a.type' },
  filters: {
    caseType: equalsOneOf('a.case_type', ['cancellation', 'return', 'order', 'refund', 'seller-settings', 'user']),
    caseId: equalsId('a.case_id'),
    orderId: equalsId('a.order_id'),
  },
};
