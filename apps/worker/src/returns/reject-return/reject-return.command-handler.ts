import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { reasonOf } from '../../sellers/seller-references';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { RejectReturnCommand } from './reject-return.command';

@CommandHandler(RejectReturnCommand)
export class RejectReturnCommandHandler implements ICommandHandler<RejectReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: RejectReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      const reason = await reasonOf(tx, payload.reasonId, 'return-rejection');
      tx.record(returnCase.reject({ reasonId: reason.id, reason, comment: payload.comment }, actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
