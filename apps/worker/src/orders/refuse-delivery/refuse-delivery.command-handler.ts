import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { refuseOrderDelivery } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder, openRequestOf, saveOrder } from '../../infrastructure/aggregate-loading';
import { RefuseDeliveryCommand } from './refuse-delivery.command';

/** A carrier's cancellation request still waiting on this order ends `superseded` (product.md §2). */
@CommandHandler(RefuseDeliveryCommand)
export class RefuseDeliveryCommandHandler implements ICommandHandler<RefuseDeliveryCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: RefuseDeliveryCommand): Promise<void> {
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, envelope.payload.orderId, envelope.sellerId);
      const openRequest = await openRequestOf(tx, order);
      tx.record(refuseOrderDelivery(order, openRequest, envelope.actor, envelope.acceptedAt));
      if (openRequest) await tx.cancellations.save(openRequest);
      return saveOrder(tx, order);
    });
  }
}
