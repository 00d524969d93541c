import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CancellationRequest, newId } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder } from '../../orders/order-loading';
import { reasonOf, settingsOf } from '../../sellers/seller-references';
import { saveCancellationAndOrder, refundCancelledOrder } from '../cancellation-loading';
import { CreateCancellationCommand } from './create-cancellation.command';

@CommandHandler(CreateCancellationCommand)
export class CreateCancellationCommandHandler implements ICommandHandler<CreateCancellationCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: CreateCancellationCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, payload.orderId, envelope.sellerId);
      const reason = await reasonOf(tx, payload.reasonId, 'cancellation');
      const settings = await settingsOf(tx, order.sellerId);
      const { request, events } = CancellationRequest.open(
        {
          id: newId(),
          order,
          reasonId: reason.id,
          comment: payload.comment,
          initiator: payload.initiator ?? 'buyer',
          reason,
          deadlineHours: settings.cancellationDeadlineHours,
        },
        actor,
        acceptedAt,
      );
      tx.record(events);
      const outcome = await saveCancellationAndOrder(tx, request, order);
      if (request.approvedLike) await refundCancelledOrder(tx, order, request, actor, acceptedAt);
      return outcome;
    });
  }
}
