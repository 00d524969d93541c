import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, returnDefaultsOf, saveReturn } from '../return-case-loading';
import { ArbitrateReturnCommand } from './arbitrate-return.command';

@CommandHandler(ArbitrateReturnCommand)
export class ArbitrateReturnCommandHandler implements ICommandHandler<ArbitrateReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: ArbitrateReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase, order } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      const defaults = await returnDefaultsOf(tx, order.sellerId);
      tx.record(
        returnCase.arbitrate({ decision: payload.decision, comment: payload.comment, defaults }, actor, acceptedAt),
      );
      return saveReturn(tx, returnCase);
    });
  }
}
