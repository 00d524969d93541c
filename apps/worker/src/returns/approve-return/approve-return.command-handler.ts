import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, returnDefaultsOf, saveReturn } from '../return-case-loading';
import { ApproveReturnCommand } from './approve-return.command';

@CommandHandler(ApproveReturnCommand)
export class ApproveReturnCommandHandler implements ICommandHandler<ApproveReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: ApproveReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase, order } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      const defaults = await returnDefaultsOf(tx, order.sellerId);
      tx.record(
        returnCase.approve(
          {
            returnAddress: payload.returnAddress,
            returnShippingPaidBy: payload.returnShippingPaidBy,
            returnShippingFee: payload.returnShippingFee,
            shipBy: payload.shipBy ? new Date(payload.shipBy) : undefined,
            defaults,
          },
          actor,
          acceptedAt,
        ),
      );
      return saveReturn(tx, returnCase);
    });
  }
}
