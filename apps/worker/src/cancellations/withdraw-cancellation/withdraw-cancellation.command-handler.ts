import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadCancellationWithOrder, saveCancellationAndOrder } from '../cancellation-loading';
import { WithdrawCancellationCommand } from './withdraw-cancellation.command';

@CommandHandler(WithdrawCancellationCommand)
export class WithdrawCancellationCommandHandler implements ICommandHandler<WithdrawCancellationCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: WithdrawCancellationCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { request, order } = await loadCancellationWithOrder(tx, payload.cancellationId, envelope.sellerId);
      tx.record(request.withdraw(order, actor, acceptedAt));
      return saveCancellationAndOrder(tx, request, order);
    });
  }
}
