import { Module } from '@nestjs/common';
import { CancelOrderBySellerCommandHandler } from './cancel-order-by-seller/cancel-order-by-seller.command-handler';
import { CreateOrderCommandHandler } from './create-order/create-order.command-handler';
import { DeliverOrderCommandHandler } from './deliver-order/deliver-order.command-handler';
import { ProcessOrderCommandHandler } from './process-order/process-order.command-handler';
import { RefuseDeliveryCommandHandler } from './refuse-delivery/refuse-delivery.command-handler';
import { ShipOrderCommandHandler } from './ship-order/ship-order.command-handler';

/** An order's own transitions; each handler is its command's job (docs/architecture.md#adding-a-use-case). */
@Module({
  providers: [
    CreateOrderCommandHandler,
    ProcessOrderCommandHandler,
    ShipOrderCommandHandler,
    DeliverOrderCommandHandler,
    RefuseDeliveryCommandHandler,
    CancelOrderBySellerCommandHandler,
  ],
})
export class OrdersModule {}
