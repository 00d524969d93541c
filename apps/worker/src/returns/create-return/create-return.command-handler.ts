import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId, returnableOrder, ReturnCase } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder } from '../../orders/order-loading';
import { reasonOf, settingsOf } from '../../sellers/seller-references';
import { saveReturn } from '../return-case-loading';
import { CreateReturnCommand } from './create-return.command';

/** The buyer asks to return delivered goods; units already in the order's other open cases are counted. */
@CommandHandler(CreateReturnCommand)
export class CreateReturnCommandHandler implements ICommandHandler<CreateReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: CreateReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, payload.orderId, envelope.sellerId);
      const reason = await reasonOf(tx, payload.reasonId, 'return');
      const settings = await settingsOf(tx, order.sellerId);
      const alreadyReturned = (await tx.returns.findByOrder(order.id))
        .filter((c) => c.holdsUnitsAt(acceptedAt))
        .flatMap((c) => c.lines);
      const { returnCase, events } = ReturnCase.open(
        {
          id: newId(),
          order: returnableOrder(order),
          type: payload.type,
          lines: payload.lines,
          reasonId: reason.id,
          reason,
          comment: payload.comment,
          attachmentIds: payload.attachmentIds,
          alreadyReturned,
          decisionDeadlineHours: settings.returnDecisionDeadlineHours,
        },
        actor,
        acceptedAt,
      );
      tx.record(events);
      return saveReturn(tx, returnCase);
    });
  }
}
