import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@aftersale/domain';
import { parcelView, updateParcel } from '@aftersale/server/persistence';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { loadReturnWithOrder } from '../../returns/return-case-loading';
import { parcelOf } from '../parcel-records';
import { AssignParcelCommand } from './assign-parcel.command';

/** The seller assigns an unmatched parcel to the case it belongs to, which is then received. */
@CommandHandler(AssignParcelCommand)
export class AssignParcelCommandHandler implements ICommandHandler<AssignParcelCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: AssignParcelCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const parcel = await parcelOf(tx, payload.parcelId, envelope.sellerId);
      if (parcel.returnId) throw DomainError.invalidTransition('Assigning a parcel', 'matched');
      const { returnCase } = await loadReturnWithOrder(tx, payload.returnId, envelope.sellerId);
      tx.record(
        returnCase.receive({ parcelId: parcel.id, condition: parcel.condition, note: parcel.note }, actor, acceptedAt),
      );
      await tx.returns.save(returnCase);
      const updated = await updateParcel(tx.manager, parcel, {
        returnId: returnCase.id,
        candidateReturnIds: [],
        updatedAt: acceptedAt,
      });
      // accepted about the case (the ship-by timer gives way to it); applied, the command names its parcel
      return { resourceId: parcel.id, resourceType: 'parcel', result: parcelView(updated) };
    });
  }
}
