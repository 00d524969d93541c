import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventOrmEntity, auditEventView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { ListAuditEventsQuery, AUDIT_EVENTS_LIST } from './list-audit-events.query';

@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsQueryHandler implements IQueryHandler<ListAuditEventsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListAuditEventsQuery): Promise<Page<ReturnType<typeof auditEventView>>> {
    const qb = scoped(this.dataSource.getRepository(AuditEventOrmEntity).createQueryBuilder('a'), principal);
    return queryPage(qb, params, AUDIT_EVENTS_LIST, auditEventView);
  }
}
