import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@aftersale/domain';
import { marketplaceCaseLink } from '@aftersale/server/persistence';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder, saveReturn } from '../return-case-loading';
import { OfferCompensationCommand } from './offer-compensation.command';

@CommandHandler(OfferCompensationCommand)
export class OfferCompensationCommandHandler implements ICommandHandler<OfferCompensationCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: OfferCompensationCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      // a return from Ozon: the buyer answers on Ozon, and Ozon's state, not our 72 h timer, ends the offer
      const ozon = await marketplaceCaseLink(tx.manager, returnCase.sellerId, 'return', returnCase.id);
      const offer = { offerId: newId(), amount: payload.amount, answeredOnMarketplace: ozon !== null };
      tx.record(returnCase.offerCompensation(offer, actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
