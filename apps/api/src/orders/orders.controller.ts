import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandJobName, JobName } from '@aftersale/contracts';
import { OrderOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, DECIDERS, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { CommandTarget, RecordCommands, RecordRequest } from '../infrastructure/commands/record-commands';
import { CancelOrderDto, CreateOrderDto } from './order-dtos';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { RecordReadRoutes } from '../infrastructure/lists/record-read-routes';
import { ORDER_READS } from './order-reads';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { ReasonsCatalogue } from '../reasons/reasons-catalogue.service';

const ORDER: CommandTarget<OrderOrmEntity> = {
  entity: OrderOrmEntity,
  what: 'order',
  path: 'orders',
  resourceType: 'order',
  idField: 'orderId',
};

@ApiTags('orders')
@ApiSecurity('bearer')
@Controller('v1/orders')
export class OrdersController extends RecordReadRoutes(ORDER_READS, [...SELLER_ROLES, 'ops', 'channel']) {
  constructor(
    private readonly commands: CommandGateway,
    private readonly records: RecordCommands,
    private readonly reasons: ReasonsCatalogue,
  ) {
    super();
  }

  @Post()
  @Allow('channel')
  async create(
    @Body() body: CreateOrderDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type: JobName.CreateOrder,
        payload: { ...body },
        sellerId: principal.sellerId,
        requestKey: 'POST /orders',
        idempotencyKey: key,
        resourceType: 'order',
        successStatus: 201,
      }),
    );
  }

  @Post(':id/process')
  @HttpCode(200)
  @Allow(...DECIDERS)
  process(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.ProcessOrder, 'process', { id, principal, key, response });
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Allow(...DECIDERS)
  ship(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.ShipOrder, 'ship', { id, principal, key, response });
  }

  @Post(':id/deliver')
  @HttpCode(200)
  @Allow('channel')
  deliver(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.DeliverOrder, 'deliver', { id, principal, key, response });
  }

  @Post(':id/refuse-delivery')
  @HttpCode(200)
  @Allow('channel')
  refuseDelivery(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    return this.command(JobName.RefuseDelivery, 'refuse-delivery', { id, principal, key, response });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow(...DECIDERS)
  async cancel(
    @Param('id', IdPipe) id: string,
    @Body() body: CancelOrderDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'seller-cancellation');
    return this.command(JobName.CancelOrderBySeller, 'cancel', { id, principal, key, response }, { ...body });
  }

  /** order commands: find the record, send, answer (infrastructure/commands/record-commands.ts) */
  private command(type: CommandJobName, verb: string, request: RecordRequest, body?: Record<string, unknown>) {
    return this.records.send(ORDER, type, verb, request, body);
  }
}
