import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { WithdrawReturnCommand } from './withdraw-return.command';

@CommandHandler(WithdrawReturnCommand)
export class WithdrawReturnCommandHandler implements ICommandHandler<WithdrawReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: WithdrawReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      tx.record(returnCase.withdraw(actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
