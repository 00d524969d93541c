import { RecordReads } from '../infrastructure/lists/record-reads';
import { Principal } from '../infrastructure/auth/principal';
import { AuditEventOrmEntity, auditEventView } from '@aftersale/server/persistence';
import { equalsId, equalsOneOf, ListSpec } from '../infrastructure/lists/list-params';

export const AUDIT_EVENTS_LIST: ListSpec<AuditEventOrmEntity> = {
  resource: 'audit-events',
  sortable: { id: 'a.id', createdAt: 'a.seq', at: 'a.seq', type: 'a.type' },
  filters: {
    caseType: equalsOneOf('a.case_type', ['cancellation', 'return', 'order', 'refund', 'seller-settings', 'user']),
    caseId: equalsId('a.case_id'),
    orderId: equalsId('a.order_id'),
  },
};

/** `GET /audit-events` and `GET /audit-events/:id` */
export const AUDIT_EVENT_READS: RecordReads<AuditEventOrmEntity, ReturnType<typeof auditEventView>> = {
  entity: AuditEventOrmEntity,
  what: 'audit event',
  alias: 'a',
  list: AUDIT_EVENTS_LIST,
  view: auditEventView,
  withheld: (principal) => (mayReadTeamEvents(principal) ? undefined : TEAM_EVENTS),
};

/** The team's own trail (`caseType` `user`: emails, names and roles) is for whoever manages the team (docs/api.md "Team") and ops. */
export function mayReadTeamEvents(principal: Principal): boolean {
  return principal.kind === 'user' && (principal.role === 'seller_admin' || principal.role === 'ops');
}

const TEAM_EVENTS = {
  where: `a.case_type = 'user'`,
  holds: (row: AuditEventOrmEntity) => row.caseType === 'user',
};
