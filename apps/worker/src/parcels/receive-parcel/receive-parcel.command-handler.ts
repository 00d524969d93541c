import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { matchParcel, newId } from '@aftersale/domain';
import {
  findParcelOfReturn,
  findParcelByCode,
  insertParcel,
  newParcel,
  parcelView,
} from '@aftersale/server/persistence';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { lockOrder } from '../../orders/order-loading';
import { ReceiveParcelCommand } from './receive-parcel.command';

/**
 * A warehouse scan (docs/rules.md#parcels-and-matching): an exact tracking number first, then the posting number of
 * a case that is approved or in transit. A rescan (of the case's parcel, or of a code scanned before) changes nothing
 * and says so; a code that matches nothing, or several cases, is kept as an unmatched parcel with its candidates — never dropped.
 */
const RECEIVABLE: readonly string[] = ['approved', 'in_transit'];

@CommandHandler(ReceiveParcelCommand)
export class ReceiveParcelCommandHandler implements ICommandHandler<ReceiveParcelCommand> {
  constructor(private readonly execution: CommandExecution) {}

  execute({ envelope }: ReceiveParcelCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    const sellerId = envelope.sellerId!;
    return this.execution.run(envelope, async (tx) => {
      const cases = await tx.returns.findByCode(sellerId, payload.code);
      const match = matchParcel(
        payload.code,
        cases.map((c) => ({
          id: c.id,
          trackingNumber: c.trackingNumber,
          postingNumber: c.postingNumber,
          state: c.state,
        })),
      );
      if (match.matched) {
        const existing = await findParcelOfReturn(tx.manager, match.returnId);
        if (existing)
          return {
            resourceId: existing.id,
            resourceType: 'parcel',
            result: { parcel: parcelView(existing), returnId: match.returnId, alreadyReceived: true },
          };
      } else {
        // the same code scanned before: unmatched then, or matched to a case it has since brought to `received`
        const rescan = await findParcelByCode(tx.manager, sellerId, payload.code);
        if (rescan)
          return {
            resourceId: rescan.id,
            resourceType: 'parcel',
            result: { parcel: parcelView(rescan), returnId: rescan.returnId, alreadyReceived: true },
          };
      }
      const matchedCase = match.matched ? cases.find((c) => c.id === match.returnId)! : null;
      let returnCase = null;
      if (matchedCase && RECEIVABLE.includes(matchedCase.state)) {
        await lockOrder(tx, matchedCase.orderId, sellerId);
        // read again under the order's lock: a case closed meanwhile (its ship-by timer) keeps the parcel unmatched
        const locked = (await tx.returns.find(matchedCase.id, sellerId))!;
        if (RECEIVABLE.includes(locked.state)) returnCase = locked;
      }
      const receivable = returnCase !== null;
      const parcel = newParcel({
        id: newId(),
        sellerId,
        code: payload.code,
        condition: payload.condition,
        note: payload.note,
        attachmentIds: payload.attachmentIds,
        returnId: returnCase ? returnCase.id : null,
        candidateReturnIds: receivable ? [] : match.matched ? [match.returnId] : match.candidateReturnIds,
        actor,
        at: acceptedAt,
      });
      if (returnCase) {
        tx.record(
          returnCase.receive(
            { parcelId: parcel.id, condition: parcel.condition, note: parcel.note },
            actor,
            acceptedAt,
          ),
        );
        await tx.returns.save(returnCase);
      }
      await insertParcel(tx.manager, parcel);
      return {
        resourceId: parcel.id,
        resourceType: 'parcel',
        result: { parcel: parcelView(parcel), returnId: parcel.returnId, alreadyReceived: false },
      };
    });
  }
}
