import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { issueRefund } from '../../refunds/issue-refund';
import { loadReturnWithOrder, saveReturn, settleOrderWhenAllBack } from '../return-case-loading';
import { RefundReturnCommand } from './refund-return.command';

@CommandHandler(RefundReturnCommand)
export class RefundReturnCommandHandler implements ICommandHandler<RefundReturnCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: RefundReturnCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase, order } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      // after inspection: the suggested or a chosen amount; before it (requested / approved): refund without return
      const withoutReturn = returnCase.state === 'requested' || returnCase.state === 'approved';
      const { events, amount } = withoutReturn
        ? returnCase.refundWithoutReturn(payload.amount, actor, acceptedAt)
        : returnCase.refund(payload.amount, actor, acceptedAt);
      tx.record(events);
      await issueRefund(tx, {
        order,
        cause: { type: 'return', id: returnCase.id },
        amount: amount,
        whenAlreadyIssued: 'refuse',
        actor,
        at: acceptedAt,
      });
      const outcome = await saveReturn(tx, returnCase);
      await settleOrderWhenAllBack(tx, order, returnCase, actor, acceptedAt);
      return outcome;
    });
  }
}
