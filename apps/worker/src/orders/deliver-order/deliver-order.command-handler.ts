import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deliverOrder } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder, saveOrder } from '../order-loading';
import { openRequestOf } from '../../cancellations/cancellation-loading';
import { DeliverOrderCommand } from './deliver-order.command';

/** A carrier's cancellation request still waiting on this order ends `superseded` (docs/rules.md#cancellations). */
@CommandHandler(DeliverOrderCommand)
export class DeliverOrderCommandHandler implements ICommandHandler<DeliverOrderCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: DeliverOrderCommand): Promise<void> {
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, envelope.payload.orderId, envelope.sellerId);
      const openRequest = await openRequestOf(tx, order);
      tx.record(deliverOrder(order, openRequest, envelope.actor, envelope.acceptedAt));
      if (openRequest) await tx.cancellations.save(openRequest);
      return saveOrder(tx, order);
    });
  }
}
