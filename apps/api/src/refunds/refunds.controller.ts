import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobName, REFUND_STATES, RefundView } from '@aftersale/contracts';
import { RefundOrmEntity, refundView } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { VoidRefundDto } from '../infrastructure/commands/command-dtos';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { equalsId, equalsOneOf, ListSpec, parseListParams, runList } from '../infrastructure/lists/list-params';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible, scoped } from '../infrastructure/tenancy';

const REFUNDS: ListSpec<RefundOrmEntity> = {
  resource: 'refunds',
  sortable: { id: 'r.id', createdAt: 'r.created_at', completedAt: 'r.completed_at', amount: 'r.amount', state: 'r.state' },
  filters: { state: equalsOneOf('r.state', REFUND_STATES), orderId: equalsId('r.order_id') },
};

@ApiTags('refunds')
@ApiSecurity('bearer')
@Controller('v1/refunds')
export class RefundsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandGateway,
  ) {}

  @Get()
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<RefundView[]> {
    const params = parseListParams(query, REFUNDS);
    return runList(scoped(this.dataSource.getRepository(RefundOrmEntity).createQueryBuilder('r'), principal), params, REFUNDS, response, refundView);
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  async one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RefundView> {
    return refundView(await findVisible(this.dataSource, RefundOrmEntity, id, principal, 'refund'));
  }

  @Post(':id/retry') @HttpCode(200) @Allow('seller_admin', 'seller_agent', 'ops')
  retry(@Param('id', IdPipe) id: string, @CurrentPrincipal() p: Principal, @Headers('idempotency-key') key: string | undefined, @Res() res: Response) {
    return this.command(JobName.RetryRefund, 'retry', id, {}, p, key, res);
  }

  @Post(':id/void') @HttpCode(200) @Allow('seller_admin', 'ops')
  void(@Param('id', IdPipe) id: string, @Body() body: VoidRefundDto, @CurrentPrincipal() p: Principal, @Headers('idempotency-key') key: string | undefined, @Res() res: Response) {
    return this.command(JobName.VoidRefund, 'void', id, { ...body }, p, key, res);
  }

  private async command(type: JobName.RetryRefund | JobName.VoidRefund, verb: string, id: string, body: Record<string, unknown>, principal: Principal, key: string | undefined, response: Response): Promise<void> {
    const refund = await findVisible(this.dataSource, RefundOrmEntity, id, principal, 'refund');
    sendCommandAnswer(response, await this.commands.send({
      principal, type, payload: { ...body, refundId: refund.id }, sellerId: refund.sellerId, requestKey: `POST /refunds/${refund.id}/${verb}`,
      idempotencyKey: key, resourceType: 'refund', resourceId: refund.id, successStatus: 200,
    }));
  }
}
