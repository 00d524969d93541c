import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandJobName, JobName, ReturnView } from '@aftersale/contracts';
import {
  MarketplaceConnections,
  OrderOrmEntity,
  ReturnCaseOrmEntity,
  TenantRecords,
} from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, DECIDERS, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { CommandTarget, RecordCommands, RecordRequest } from '../infrastructure/commands/record-commands';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { RecordReadRoutes } from '../infrastructure/lists/record-read-routes';
import { getRecord } from '../infrastructure/lists/record-reads';
import { RETURN_READS } from './return-reads';
import { returnLinkOf } from '../marketplace/marketplace-link.view';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible } from '../infrastructure/tenancy';
import { ReasonsCatalogue } from '../reasons/reasons-catalogue.service';
import { assertSellerAttachments, attachmentsOfRecordSeller } from '../attachments/attachment-ownership';
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

const RETURN_CASE: CommandTarget<ReturnCaseOrmEntity> = {
  entity: ReturnCaseOrmEntity,
  what: 'return case',
  path: 'returns',
  resourceType: 'return',
  idField: 'returnId',
  check: attachmentsOfRecordSeller,
};

/** Return cases (docs/rules.md#returns): every transition is a command through the returns queue. */
@ApiTags('returns')
@ApiSecurity('bearer')
@Controller('v1/returns')
export class ReturnsController extends RecordReadRoutes(RETURN_READS, [
  ...SELLER_ROLES,
  'warehouse',
  'ops',
  'channel',
]) {
  constructor(
    private readonly tenantRecords: TenantRecords,
    private readonly commands: CommandGateway,
    private readonly records: RecordCommands,
    private readonly reasons: ReasonsCatalogue,
    private readonly marketplace: MarketplaceConnections,
  ) {
    super();
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  override async one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<ReturnView> {
    const view = await getRecord(this.queries, RETURN_READS, id, principal);
    // a return from Ozon: where the seller's decisions stand with Ozon (docs/ozon.md#return-actions)
    return { ...view, marketplace: await returnLinkOf(this.marketplace, view) };
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
    const order = await findVisible(this.tenantRecords, OrderOrmEntity, body.orderId, principal, 'order');
    await assertSellerAttachments(this.tenantRecords, order.sellerId, body.attachmentIds);
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
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.ApproveReturn, 'approve', { id, principal, key, response }, { ...body });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow(...DECIDERS)
  reject(
    @Param('id', IdPipe) id: string,
    @Body() body: RejectReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'return-rejection');
    return this.command(JobName.RejectReturn, 'reject', { id, principal, key, response }, { ...body });
  }

  @Post(':id/compensate')
  @HttpCode(200)
  @Allow(...DECIDERS)
  compensate(
    @Param('id', IdPipe) id: string,
    @Body() body: CompensateReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.OfferCompensation, 'compensate', { id, principal, key, response }, { ...body });
  }

  @Post(':id/accept-compensation')
  @HttpCode(200)
  @Allow('channel')
  acceptCompensation(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.AcceptCompensation, 'accept-compensation', {
      id,
      principal,
      key,
      response,
    });
  }

  @Post(':id/decline-compensation')
  @HttpCode(200)
  @Allow('channel')
  declineCompensation(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.DeclineCompensation, 'decline-compensation', {
      id,
      principal,
      key,
      response,
    });
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Allow('channel')
  ship(
    @Param('id', IdPipe) id: string,
    @Body() body: ShipReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.ShipReturn, 'ship', { id, principal, key, response }, { ...body });
  }

  @Post(':id/inspect')
  @HttpCode(200)
  @Allow('warehouse', ...DECIDERS)
  inspect(
    @Param('id', IdPipe) id: string,
    @Body() body: InspectReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(
      JobName.InspectReturn,
      'inspect',
      { id, principal, key, response },
      { ...body, lines: body.lines.map((line) => ({ ...line })) },
    );
  }

  @Post(':id/reject-after-inspection')
  @HttpCode(200)
  @Allow(...DECIDERS)
  rejectAfterInspection(
    @Param('id', IdPipe) id: string,
    @Body() body: RejectReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'return-rejection');
    return this.command(
      JobName.RejectReturnAfterInspection,
      'reject-after-inspection',
      { id, principal, key, response },
      { ...body },
    );
  }

  @Post(':id/refund')
  @HttpCode(200)
  @Allow(...DECIDERS)
  refund(
    @Param('id', IdPipe) id: string,
    @Body() body: RefundReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.RefundReturn, 'refund', { id, principal, key, response }, { ...body });
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Allow('channel')
  withdraw(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.WithdrawReturn, 'withdraw', { id, principal, key, response });
  }

  @Post(':id/dispute')
  @HttpCode(200)
  @Allow('channel')
  dispute(
    @Param('id', IdPipe) id: string,
    @Body() body: CommentDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.DisputeReturn, 'dispute', { id, principal, key, response }, { ...body });
  }

  @Post(':id/arbitrate')
  @HttpCode(200)
  @Allow('ops')
  arbitrate(
    @Param('id', IdPipe) id: string,
    @Body() body: ArbitrateReturnDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.ArbitrateReturn, 'arbitrate', { id, principal, key, response }, { ...body });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow('seller_admin', 'ops')
  close(
    @Param('id', IdPipe) id: string,
    @Body() body: CommentDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ) {
    return this.command(JobName.CloseReturn, 'close', { id, principal, key, response }, { ...body });
  }

  /** return case commands: find the record, send, answer (infrastructure/commands/record-commands.ts) */
  private command(type: CommandJobName, verb: string, request: RecordRequest, body?: Record<string, unknown>) {
    return this.records.send(RETURN_CASE, type, verb, request, body);
  }
}
