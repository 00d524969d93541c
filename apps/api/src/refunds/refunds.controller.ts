import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandJobName, JobName } from '@aftersale/contracts';
import { RefundOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandTarget, RecordCommands, RecordRequest } from '../infrastructure/commands/record-commands';
import { VoidRefundDto } from './refund-dtos';
import { RecordReadRoutes } from '../infrastructure/lists/record-read-routes';
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
export class RefundsController extends RecordReadRoutes(REFUND_READS, [...SELLER_ROLES, 'ops', 'channel']) {
  constructor(private readonly records: RecordCommands) {
    super();
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
