import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@aftersale/domain';
import { refundView } from '@aftersale/server/persistence';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { VoidRefundCommand } from './void-refund.command';

@CommandHandler(VoidRefundCommand)
export class VoidRefundCommandHandler implements ICommandHandler<VoidRefundCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: VoidRefundCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const refund = await tx.refunds.find(payload.refundId, envelope.sellerId);
      if (!refund) throw new DomainError('not-found', 'No such refund.');
      tx.record(refund.void(actor, acceptedAt, payload.comment));
      const row = await tx.refunds.save(refund);
      return { resourceId: refund.id, result: refundView(row) };
    });
  }
}
