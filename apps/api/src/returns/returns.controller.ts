import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { CommandJobName, JobName, ReturnView } from '@aftersale/contracts';
import { OrderOrmEntity, ReturnCaseOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, DECIDERS, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { parseListParams, sendPage } from '../infrastructure/lists/list-params';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible } from '../infrastructure/tenancy';
import { ReasonsCatalogue } from '../reasons/reasons-catalogue.service';
import { assertSellerAttachments } from '../attachments/attachment-ownership';
import { GetReturnQuery } from './get-return/get-return.query';
import { ListReturnsQuery, RETURNS_LIST } from './list-returns/list-returns.query';
import {
  ApproveReturnDto,
  ArbitrateReturnDto,
  CommentDto,
  CompensateReturnDto,
  CreateReturnDto,
  InspectReturnDto,
  RefundReturnDto,
  RejectReturnDto,
  ShipReturnDto,
} from './return-dtos';

type Key = string | undefined;

/** Return cases (docs/rules.md#returns): every transition is a command through the returns queue. */
@ApiTags('returns')
@ApiSecurity('bearer')
@Controller('v1/returns')
export class ReturnsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandGateway,
    private readonly reasons: ReasonsCatalogue,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReturnView[]> {
    return sendPage(
      response,
      await this.queries.execute(new ListReturnsQuery(principal, parseListParams(query, RETURNS_LIST))),
    );
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<ReturnView> {
    return this.queries.execute(new GetReturnQuery(principal, id));
  }

  @Post()
  @Allow('channel')
  async create(
    @Body() body: CreateReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ): Promise<void> {
    this.reasons.assertKind(body.reasonId, 'return');
    const order = await findVisible(this.dataSource, OrderOrmEntity, body.orderId, principal, 'order');
    await assertSellerAttachments(this.dataSource, order.sellerId, body.attachmentIds);
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type: JobName.CreateReturn,
        payload: { ...body, orderId: order.id },
        sellerId: order.sellerId,
        requestKey: 'POST /returns',
        idempotencyKey: key,
        resourceType: 'return',
        successStatus: 201,
      }),
    );
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow(...DECIDERS)
  approve(
    @Param('id', IdPipe) id: string,
    @Body() body: ApproveReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.ApproveReturn, 'approve', id, { ...body }, p, key, res);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow(...DECIDERS)
  reject(
    @Param('id', IdPipe) id: string,
    @Body() body: RejectReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'return-rejection');
    return this.act(JobName.RejectReturn, 'reject', id, { ...body }, p, key, res);
  }

  @Post(':id/compensate')
  @HttpCode(200)
  @Allow(...DECIDERS)
  compensate(
    @Param('id', IdPipe) id: string,
    @Body() body: CompensateReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.OfferCompensation, 'compensate', id, { ...body }, p, key, res);
  }

  @Post(':id/accept-compensation')
  @HttpCode(200)
  @Allow('channel')
  acceptCompensation(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.AcceptCompensation, 'accept-compensation', id, {}, p, key, res);
  }

  @Post(':id/decline-compensation')
  @HttpCode(200)
  @Allow('channel')
  declineCompensation(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.DeclineCompensation, 'decline-compensation', id, {}, p, key, res);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Allow('channel')
  ship(
    @Param('id', IdPipe) id: string,
    @Body() body: ShipReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.ShipReturn, 'ship', id, { ...body }, p, key, res);
  }

  @Post(':id/inspect')
  @HttpCode(200)
  @Allow('warehouse', ...DECIDERS)
  inspect(
    @Param('id', IdPipe) id: string,
    @Body() body: InspectReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(
      JobName.InspectReturn,
      'inspect',
      id,
      { ...body, lines: body.lines.map((line) => ({ ...line })) },
      p,
      key,
      res,
    );
  }

  @Post(':id/reject-after-inspection')
  @HttpCode(200)
  @Allow(...DECIDERS)
  rejectAfterInspection(
    @Param('id', IdPipe) id: string,
    @Body() body: RejectReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'return-rejection');
    return this.act(JobName.RejectReturnAfterInspection, 'reject-after-inspection', id, { ...body }, p, key, res);
  }

  @Post(':id/refund')
  @HttpCode(200)
  @Allow(...DECIDERS)
  refund(
    @Param('id', IdPipe) id: string,
    @Body() body: RefundReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.RefundReturn, 'refund', id, { ...body }, p, key, res);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Allow('channel')
  withdraw(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.WithdrawReturn, 'withdraw', id, {}, p, key, res);
  }

  @Post(':id/dispute')
  @HttpCode(200)
  @Allow('channel')
  dispute(
    @Param('id', IdPipe) id: string,
    @Body() body: CommentDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.DisputeReturn, 'dispute', id, { ...body }, p, key, res);
  }

  @Post(':id/arbitrate')
  @HttpCode(200)
  @Allow('ops')
  arbitrate(
    @Param('id', IdPipe) id: string,
    @Body() body: ArbitrateReturnDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.ArbitrateReturn, 'arbitrate', id, { ...body }, p, key, res);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow('seller_admin', 'ops')
  close(
    @Param('id', IdPipe) id: string,
    @Body() body: CommentDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() res: Response,
  ) {
    return this.act(JobName.CloseReturn, 'close', id, { ...body }, p, key, res);
  }

  private async act(
    type: CommandJobName,
    verb: string,
    id: string,
    body: Record<string, unknown>,
    principal: Principal,
    key: Key,
    response: Response,
  ): Promise<void> {
    const returnCase = await findVisible(this.dataSource, ReturnCaseOrmEntity, id, principal, 'return case');
    await assertSellerAttachments(this.dataSource, returnCase.sellerId, body.attachmentIds as string[] | undefined);
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type,
        payload: { ...body, returnId: returnCase.id },
        sellerId: returnCase.sellerId,
        requestKey: `POST /returns/${returnCase.id}/${verb}`,
        idempotencyKey: key,
        resourceType: 'return',
        resourceId: returnCase.id,
        successStatus: 200,
      }),
    );
  }
}
