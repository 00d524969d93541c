import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { CancellationView, JobName } from '@aftersale/contracts';
import { CancellationRequestOrmEntity, OrderOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, DECIDERS, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import {
  ApproveCancellationDto,
  CreateCancellationDto,
  RejectCancellationDto,
} from '../infrastructure/commands/command-dtos';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { parseListParams, sendPage } from '../infrastructure/lists/list-params';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible } from '../infrastructure/tenancy';
import { CANCELLATIONS_LIST, ListCancellationsQuery } from './list-cancellations/list-cancellations.query';
import { GetCancellationQuery } from './get-cancellation/get-cancellation.query';
import { ReasonsCatalogue } from '../reasons/reasons-catalogue.service';

type Decision = JobName.ApproveCancellation | JobName.RejectCancellation | JobName.WithdrawCancellation;

@ApiTags('cancellations')
@ApiSecurity('bearer')
@Controller('v1/cancellations')
export class CancellationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandGateway,
    private readonly reasons: ReasonsCatalogue,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CancellationView[]> {
    return sendPage(
      response,
      await this.queries.execute(new ListCancellationsQuery(principal, parseListParams(query, CANCELLATIONS_LIST))),
    );
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<CancellationView> {
    return this.queries.execute(new GetCancellationQuery(principal, id));
  }

  @Post()
  @Allow('channel')
  async create(
    @Body() body: CreateCancellationDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    this.reasons.assertKind(body.reasonId, 'cancellation');
    const order = await findVisible(this.dataSource, OrderOrmEntity, body.orderId, principal, 'order');
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type: JobName.CreateCancellation,
        payload: { ...body, orderId: order.id },
        sellerId: order.sellerId,
        requestKey: 'POST /cancellations',
        idempotencyKey: key,
        resourceType: 'cancellation',
        successStatus: 201,
      }),
    );
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow(...DECIDERS)
  approve(
    @Param('id', IdPipe) id: string,
    @Body() body: ApproveCancellationDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.decide(JobName.ApproveCancellation, 'approve', id, { ...body }, p, key, res);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow(...DECIDERS)
  reject(
    @Param('id', IdPipe) id: string,
    @Body() body: RejectCancellationDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'cancellation-rejection');
    return this.decide(JobName.RejectCancellation, 'reject', id, { ...body }, p, key, res);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Allow('channel')
  withdraw(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.decide(JobName.WithdrawCancellation, 'withdraw', id, {}, p, key, res);
  }

  private async decide(
    type: Decision,
    verb: string,
    id: string,
    body: Record<string, unknown>,
    principal: Principal,
    key: string | undefined,
    response: Response,
  ): Promise<void> {
    const request = await findVisible(
      this.dataSource,
      CancellationRequestOrmEntity,
      id,
      principal,
      'cancellation request',
    );
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type,
        payload: { ...body, cancellationId: request.id },
        sellerId: request.sellerId,
        requestKey: `POST /cancellations/${request.id}/${verb}`,
        idempotencyKey: key,
        resourceType: 'cancellation',
        resourceId: request.id,
        successStatus: 200,
      }),
    );
  }
}
