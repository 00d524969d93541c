import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { ShipReturnCommand } from './ship-return.command';

@CommandHandler(ShipReturnCommand)
export class ShipReturnCommandHandler implements ICommandHandler<ShipReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: ShipReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      tx.record(returnCase.ship(payload.trackingNumber, actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
