import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadCancellationWithOrder, saveCancellationAndOrder, refundCancelledOrder } from '../cancellation-loading';
import { ApproveCancellationCommand } from './approve-cancellation.command';

@CommandHandler(ApproveCancellationCommand)
export class ApproveCancellationCommandHandler implements ICommandHandler<ApproveCancellationCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: ApproveCancellationCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { request, order } = await loadCancellationWithOrder(tx, payload.cancellationId, envelope.sellerId);
      tx.record(request.approve(order, actor, acceptedAt, payload.comment));
      const outcome = await saveCancellationAndOrder(tx, request, order);
      await refundCancelledOrder(tx, order, request, actor, acceptedAt);
      return outcome;
    });
  }
}
