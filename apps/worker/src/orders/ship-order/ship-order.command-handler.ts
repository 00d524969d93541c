import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder, saveOrder } from '../order-loading';
import { ShipOrderCommand } from './ship-order.command';

@CommandHandler(ShipOrderCommand)
export class ShipOrderCommandHandler implements ICommandHandler<ShipOrderCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: ShipOrderCommand): Promise<void> {
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, envelope.payload.orderId, envelope.sellerId);
      tx.record(order.ship(envelope.actor, envelope.acceptedAt));
      return saveOrder(tx, order);
    });
  }
}
