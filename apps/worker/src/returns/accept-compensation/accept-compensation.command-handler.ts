import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { issueRefund } from '../../refunds/issue-refund';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { AcceptCompensationCommand } from './accept-compensation.command';

@CommandHandler(AcceptCompensationCommand)
export class AcceptCompensationCommandHandler implements ICommandHandler<AcceptCompensationCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: AcceptCompensationCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase, order } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      const { events, offer } = returnCase.acceptCompensation(actor, acceptedAt);
      tx.record(events);
      // the compensation is paid only now that the buyer accepts (docs/rules.md#compensation-offers)
      await issueRefund(tx, {
        order,
        cause: { type: 'compensation', id: offer.id },
        amount: offer.amount,
        whenAlreadyIssued: 'refuse',
        actor,
        at: acceptedAt,
      });
      return saveReturn(tx, returnCase);
    });
  }
}
