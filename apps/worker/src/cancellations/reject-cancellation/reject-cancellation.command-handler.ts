import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadCancellationWithOrder, saveCancellationAndOrder } from '../cancellation-loading';
import { reasonOf } from '../../sellers/seller-references';
import { RejectCancellationCommand } from './reject-cancellation.command';

@CommandHandler(RejectCancellationCommand)
export class RejectCancellationCommandHandler implements ICommandHandler<RejectCancellationCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: RejectCancellationCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { request, order } = await loadCancellationWithOrder(tx, payload.cancellationId, envelope.sellerId);
      await reasonOf(tx, payload.reasonId, 'cancellation-rejection');
      tx.record(request.reject(order, actor, acceptedAt, payload.reasonId, payload.comment));
      return saveCancellationAndOrder(tx, request, order);
    });
  }
}
