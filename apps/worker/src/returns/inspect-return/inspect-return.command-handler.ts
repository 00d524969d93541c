import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { InspectReturnCommand } from './inspect-return.command';

@CommandHandler(InspectReturnCommand)
export class InspectReturnCommandHandler implements ICommandHandler<InspectReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: InspectReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      tx.record(returnCase.inspect({ lines: payload.lines, attachmentIds: payload.attachmentIds }, actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
