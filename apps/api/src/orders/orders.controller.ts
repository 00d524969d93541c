import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobName, OrderView } from '@aftersale/contracts';
import { OrderOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, DECIDERS, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { CancelOrderDto, CreateOrderDto } from '../infrastructure/commands/command-dtos';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { parseListParams, sendPage } from '../infrastructure/lists/list-params';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible } from '../infrastructure/tenancy';
import { ListOrdersQuery, ORDERS_LIST } from './list-orders/list-orders.query';
import { GetOrderQuery } from './get-order/get-order.query';
import { ReasonsCatalogue } from '../reasons/reasons-catalogue.service';

@ApiTags('orders')
@ApiSecurity('bearer')
@Controller('v1/orders')
export class OrdersController {
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
  ): Promise<OrderView[]> {
    return sendPage(
      response,
      await this.queries.execute(new ListOrdersQuery(principal, parseListParams(query, ORDERS_LIST))),
    );
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'ops', 'channel')
  one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<OrderView> {
    return this.queries.execute(new GetOrderQuery(principal, id));
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
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.move(JobName.ProcessOrder, 'process', id, p, key, res);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Allow(...DECIDERS)
  ship(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.move(JobName.ShipOrder, 'ship', id, p, key, res);
  }

  @Post(':id/deliver')
  @HttpCode(200)
  @Allow('channel')
  deliver(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.move(JobName.DeliverOrder, 'deliver', id, p, key, res);
  }

  @Post(':id/refuse-delivery')
  @HttpCode(200)
  @Allow('channel')
  refuseDelivery(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    return this.move(JobName.RefuseDelivery, 'refuse-delivery', id, p, key, res);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow(...DECIDERS)
  async cancel(
    @Param('id', IdPipe) id: string,
    @Body() body: CancelOrderDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ) {
    this.reasons.assertKind(body.reasonId, 'seller-cancellation');
    return this.move(JobName.CancelOrderBySeller, 'cancel', id, p, key, res, { ...body });
  }

  private async move(
    type:
      | JobName.ProcessOrder
      | JobName.ShipOrder
      | JobName.DeliverOrder
      | JobName.RefuseDelivery
      | JobName.CancelOrderBySeller,
    verb: string,
    id: string,
    principal: Principal,
    key: string | undefined,
    response: Response,
    body: Record<string, unknown> = {},
  ): Promise<void> {
    const order = await findVisible(this.dataSource, OrderOrmEntity, id, principal, 'order');
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type,
        payload: { ...body, orderId: order.id },
        sellerId: order.sellerId,
        requestKey: `POST /orders/${order.id}/${verb}`,
        idempotencyKey: key,
        resourceType: 'order',
        resourceId: order.id,
        successStatus: 200,
      }),
    );
  }
}
