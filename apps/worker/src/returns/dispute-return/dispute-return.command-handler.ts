import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { DisputeReturnCommand } from './dispute-return.command';

@CommandHandler(DisputeReturnCommand)
export class DisputeReturnCommandHandler implements ICommandHandler<DisputeReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: DisputeReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      tx.record(returnCase.dispute(payload.comment, actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
