import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandJobName, JobName, RefundView } from '@aftersale/contracts';
import { RefundOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandTarget, RecordCommands, RecordRequest } from '../infrastructure/commands/record-commands';
import { VoidRefundDto } from './refund-dtos';
import { getRecord, listRecords } from '../infrastructure/lists/record-reads';
import { REFUND_READS } from './refund-reads';
import { IdPipe } from '../infrastructure/problems/id.pipe';

const REFUND: CommandTarget<RefundOrmEntity> = {
  entity: RefundOrmEntity,
  what: 'refund',
  path: 'refunds',
  resourceType: 'refund',
  idField: 'refundId',
};

@ApiTags('refunds')
@ApiSecurity('bearer')
@Controller('v1/refunds')
export class RefundsController {
  constructor(
    private readonly records: RecordCommands,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RefundView[]> {
    return listRecords(this.queries, REFUND_READS, query, principal, response);
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RefundView> {
    return getRecord(this.queries, REFUND_READS, id, principal);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Allow('seller_admin', 'seller_agent', 'ops')
  retry(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.RetryRefund, 'retry', { id, principal, key, response });
  }

  @Post(':id/void')
  @HttpCode(200)
  @Allow('seller_admin', 'ops')
  void(
    @Param('id', IdPipe) id: string,
    @Body() body: VoidRefundDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.VoidRefund, 'void', { id, principal, key, response }, { ...body });
  }

  /** refund commands: find the record, send, answer (infrastructure/commands/record-commands.ts) */
  private command(type: CommandJobName, verb: string, request: RecordRequest, body?: Record<string, unknown>) {
    return this.records.send(REFUND, type, verb, request, body);
  }
}
