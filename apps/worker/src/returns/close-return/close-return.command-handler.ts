import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { CloseReturnCommand } from './close-return.command';

@CommandHandler(CloseReturnCommand)
export class CloseReturnCommandHandler implements ICommandHandler<CloseReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: CloseReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      tx.record(returnCase.close(payload.comment, actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
