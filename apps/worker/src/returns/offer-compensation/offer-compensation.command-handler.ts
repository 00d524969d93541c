import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
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
      tx.record(returnCase.offerCompensation({ offerId: randomUUID(), amount: payload.amount }, actor, acceptedAt));
      return saveReturn(tx, returnCase);
    });
  }
}
