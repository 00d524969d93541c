import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobName, RefundView } from '@aftersale/contracts';
import { RefundOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { VoidRefundDto } from '../infrastructure/commands/command-dtos';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { parseListParams, sendPage } from '../infrastructure/lists/list-params';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible } from '../infrastructure/tenancy';
import { ListRefundsQuery, REFUNDS_LIST } from './list-refunds/list-refunds.query';
import { GetRefundQuery } from './get-refund/get-refund.query';

@ApiTags('refunds')
@ApiSecurity('bearer')
@Controller('v1/refunds')
export class RefundsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RefundView[]> {
    return sendPage(
      response,
      await this.queries.execute(new ListRefundsQuery(principal, parseListParams(query, REFUNDS_LIST))),
    );
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<RefundView> {
    return this.queries.execute(new GetRefundQuery(principal, id));
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Allow('seller_admin', 'seller_agent', 'ops')
  retry(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.command(JobName.RetryRefund, 'retry', id, {}, p, key, res);
  }

  @Post(':id/void')
  @HttpCode(200)
  @Allow('seller_admin', 'ops')
  void(
    @Param('id', IdPipe) id: string,
    @Body() body: VoidRefundDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.command(JobName.VoidRefund, 'void', id, { ...body }, p, key, res);
  }

  private async command(
    type: JobName.RetryRefund | JobName.VoidRefund,
    verb: string,
    id: string,
    body: Record<string, unknown>,
    principal: Principal,
    key: string | undefined,
    response: Response,
  ): Promise<void> {
    const refund = await findVisible(this.dataSource, RefundOrmEntity, id, principal, 'refund');
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type,
        payload: { ...body, refundId: refund.id },
        sellerId: refund.sellerId,
        requestKey: `POST /refunds/${refund.id}/${verb}`,
        idempotencyKey: key,
        resourceType: 'refund',
        resourceId: refund.id,
        successStatus: 200,
      }),
    );
  }
}
