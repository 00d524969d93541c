import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId, Order } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { saveOrder } from '../order-loading';
import { CreateOrderCommand } from './create-order.command';

@CommandHandler(CreateOrderCommand)
export class CreateOrderCommandHandler implements ICommandHandler<CreateOrderCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: CreateOrderCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { order, events } = Order.create(
        { id: newId(), sellerId: envelope.sellerId!, ...payload },
        actor,
        acceptedAt,
      );
      tx.record(events);
      return saveOrder(tx, order);
    });
  }
}
