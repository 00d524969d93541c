import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandJobName, CancellationView, JobName } from '@aftersale/contracts';
import {
  CancellationRequestOrmEntity,
  MarketplaceConnections,
  OrderOrmEntity,
  TenantRecords,
} from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, DECIDERS, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { CommandTarget, RecordCommands, RecordRequest } from '../infrastructure/commands/record-commands';
import { ApproveCancellationDto, CreateCancellationDto, RejectCancellationDto } from './cancellation-dtos';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { getRecord } from '../infrastructure/lists/record-reads';
import { RecordReadRoutes } from '../infrastructure/lists/record-read-routes';
import { CANCELLATION_READS } from './cancellation-reads';
import { cancellationLinkOf } from '../marketplace/marketplace-link.view';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible } from '../infrastructure/tenancy';
import { ReasonsCatalogue } from '../reasons/reasons-catalogue.service';

const CANCELLATION: CommandTarget<CancellationRequestOrmEntity> = {
  entity: CancellationRequestOrmEntity,
  what: 'cancellation request',
  path: 'cancellations',
  resourceType: 'cancellation',
  idField: 'cancellationId',
};

@ApiTags('cancellations')
@ApiSecurity('bearer')
@Controller('v1/cancellations')
export class CancellationsController extends RecordReadRoutes(CANCELLATION_READS, [...SELLER_ROLES, 'ops', 'channel']) {
  constructor(
    private readonly marketplace: MarketplaceConnections,
    private readonly tenantRecords: TenantRecords,
    private readonly commands: CommandGateway,
    private readonly records: RecordCommands,
    private readonly reasons: ReasonsCatalogue,
  ) {
    super();
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  override async one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<CancellationView> {
    const view = await getRecord(this.queries, CANCELLATION_READS, id, principal);
    // a request from Ozon: where the seller's decision stands with Ozon (docs/ozon.md#push)
    return { ...view, marketplace: await cancellationLinkOf(this.marketplace, view) };
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
    const order = await findVisible(this.tenantRecords, OrderOrmEntity, body.orderId, principal, 'order');
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
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.ApproveCancellation, 'approve', { id, principal, key, response }, { ...body });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow(...DECIDERS)
  reject(
    @Param('id', IdPipe) id: string,
    @Body() body: RejectCancellationDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'cancellation-rejection');
    return this.command(JobName.RejectCancellation, 'reject', { id, principal, key, response }, { ...body });
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Allow('channel')
  withdraw(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.WithdrawCancellation, 'withdraw', { id, principal, key, response });
  }

  /** cancellation commands: find the record, send, answer (infrastructure/commands/record-commands.ts) */
  private command(type: CommandJobName, verb: string, request: RecordRequest, body?: Record<string, unknown>) {
    return this.records.send(CANCELLATION, type, verb, request, body);
  }
}
