import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AuditEventView } from '@aftersale/contracts';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { parseListParams, sendPage } from '../infrastructure/lists/list-params';
import { forbidden, validationFailed } from '../infrastructure/problems/problem.exception';
import { getRecord, ListRecordsQuery } from '../infrastructure/lists/record-reads';
import { AUDIT_EVENT_READS, mayReadTeamEvents } from './audit-event-reads';

/** The immutable timeline of a case or an order (docs/rules.md#conversation-and-audit), oldest first unless sorted otherwise. */
@ApiTags('audit-events')
@ApiSecurity('bearer')
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Allow(...SELLER_ROLES, 'ops')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditEventView[]> {
    const params = parseListParams(query, AUDIT_EVENT_READS.list);
    const { caseType, caseId, orderId, id } = params.filter;
    if (!((caseType !== undefined && caseId !== undefined) || orderId !== undefined || id !== undefined)) {
      throw validationFailed([{ field: 'filter', message: 'give caseType and caseId, or orderId' }]);
    }
    if (caseType === 'user' && !mayReadTeamEvents(principal)) throw forbidden();
    if (query.sort === undefined) params.sort = ['createdAt', 'ASC'];
    return sendPage(response, await this.queries.execute(new ListRecordsQuery(AUDIT_EVENT_READS, principal, params)));
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'ops')
  one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AuditEventView> {
    return getRecord(this.queries, AUDIT_EVENT_READS, id, principal);
  }
}
