import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder, saveOrder } from '../order-loading';
import { ProcessOrderCommand } from './process-order.command';

@CommandHandler(ProcessOrderCommand)
export class ProcessOrderCommandHandler implements ICommandHandler<ProcessOrderCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: ProcessOrderCommand): Promise<void> {
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, envelope.payload.orderId, envelope.sellerId);
      tx.record(order.process(envelope.actor, envelope.acceptedAt));
      return saveOrder(tx, order);
    });
  }
}
