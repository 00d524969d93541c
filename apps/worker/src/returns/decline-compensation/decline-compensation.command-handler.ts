import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { DeclineCompensationCommand } from './decline-compensation.command';

@CommandHandler(DeclineCompensationCommand)
export class DeclineCompensationCommandHandler implements ICommandHandler<DeclineCompensationCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: DeclineCompensationCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      tx.record(returnCase.declineCompensation(actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
