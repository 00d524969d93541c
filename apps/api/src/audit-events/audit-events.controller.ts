import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditEventView } from '@aftersale/contracts';
import { AuditEventOrmEntity, auditEventView } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { equalsId, equalsOneOf, ListSpec, parseListParams, runList } from '../infrastructure/lists/list-params';
import { validationFailed } from '../infrastructure/problems/problem.exception';
import { scoped } from '../infrastructure/tenancy';

const AUDIT_EVENTS: ListSpec<AuditEventOrmEntity> = {
  resource: 'audit-events',
  sortable: { id: 'a.id', createdAt: 'a.seq', at: 'a.seq', type: 'a.type' },
  filters: {
    caseType: equalsOneOf('a.case_type', ['cancellation', 'return', 'order', 'refund']),
    caseId: equalsId('a.case_id'),
    orderId: equalsId('a.order_id'),
  },
};

/** The immutable timeline of a case or an order (product.md §5). */
@ApiTags('audit-events')
@ApiSecurity('bearer')
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Allow(...SELLER_ROLES, 'ops')
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<AuditEventView[]> {
    const params = parseListParams(query, { ...AUDIT_EVENTS });
    const { caseType, caseId, orderId, id } = params.filter;
    if (!((caseType !== undefined && caseId !== undefined) || orderId !== undefined || id !== undefined)) {
      throw validationFailed([{ field: 'filter', message: 'give caseType and caseId, or orderId' }]);
    }
    if (query.sort === undefined) params.sort = ['createdAt', 'ASC'];
    return runList(scoped(this.dataSource.getRepository(AuditEventOrmEntity).createQueryBuilder('a'), principal), params, AUDIT_EVENTS, response, auditEventView);
  }
}
