import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CancellationRequest, newId } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder, saveOrder } from '../order-loading';
import { refundCancelledOrder } from '../../cancellations/cancellation-loading';
import { reasonOf } from '../../sellers/seller-references';
import { CancelOrderBySellerCommand } from './cancel-order-by-seller.command';

/** The seller cannot fulfil the order: cancelled at once, refunded in full, counted against its reliability. */
@CommandHandler(CancelOrderBySellerCommand)
export class CancelOrderBySellerCommandHandler implements ICommandHandler<CancelOrderBySellerCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: CancelOrderBySellerCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const order = await lockOrder(tx, payload.orderId, envelope.sellerId);
      const reason = await reasonOf(tx, payload.reasonId, 'seller-cancellation');
      const { request, events } = CancellationRequest.openBySeller(
        { id: newId(), order, reasonId: reason.id, comment: payload.comment, reason },
        actor,
        acceptedAt,
      );
      tx.record(events);
      await tx.cancellations.save(request);
      await refundCancelledOrder(tx, order, request, actor, acceptedAt);
      return saveOrder(tx, order);
    });
  }
}
