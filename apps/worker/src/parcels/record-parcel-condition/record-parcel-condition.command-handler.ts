import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { uploadIds } from '@aftersale/domain';
import { parcelView, updateParcel } from '@aftersale/server/persistence';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { parcelOf } from '../parcel-records';
import { RecordParcelConditionCommand } from './record-parcel-condition.command';

/** Condition, note and photos added after the scan; photos are added to, never replaced (evidence). */
@CommandHandler(RecordParcelConditionCommand)
export class RecordParcelConditionCommandHandler implements ICommandHandler<RecordParcelConditionCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: RecordParcelConditionCommand): Promise<void> {
    const { payload, acceptedAt } = envelope;
    return this.execution.run(envelope, async (tx) => {
      const parcel = await parcelOf(tx, payload.parcelId, envelope.sellerId);
      const attachmentIds = uploadIds(parcel.attachmentIds, payload.attachmentIds);
      const updated = await updateParcel(tx.manager, parcel, {
        condition: payload.condition,
        note: payload.note?.trim() || parcel.note,
        attachmentIds,
        updatedAt: acceptedAt,
      });
      return { resourceId: parcel.id, result: parcelView(updated) };
    });
  }
}
