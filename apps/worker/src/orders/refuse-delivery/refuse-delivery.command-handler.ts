import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId, refuseOrderDelivery, returnableOrder, ReturnCase } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder, saveOrder } from '../order-loading';
import { openRequestOf } from '../../cancellations/cancellation-loading';
import { RefuseDeliveryCommand } from './refuse-delivery.command';

/**
 * The buyer refused the parcel at the door: the order becomes `delivery_refused` and its return case opens in
 * the same transaction, already in transit (docs/rules.md#returns). A carrier's cancellation request still waiting
 * on the order ends `superseded` (§2).
 */
@CommandHandler(RefuseDeliveryCommand)
export class RefuseDeliveryCommandHandler implements ICommandHandler<RefuseDeliveryCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: RefuseDeliveryCommand): Promise<void> {
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, envelope.payload.orderId, envelope.sellerId);
      const openRequest = await openRequestOf(tx, order);
      tx.record(refuseOrderDelivery(order, openRequest, envelope.actor, envelope.acceptedAt));
      if (openRequest) await tx.cancellations.save(openRequest);
      const { returnCase, events } = ReturnCase.openRefusedDelivery(
        { id: newId(), order: returnableOrder(order) },
        envelope.actor,
        envelope.acceptedAt,
      );
      tx.record(events);
      const outcome = await saveOrder(tx, order);
      await tx.returns.save(returnCase);
      return outcome;
    });
  }
}
