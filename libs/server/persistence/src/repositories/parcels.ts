import { ActorRef, ParcelCondition } from '@aftersale/contracts';
import { ParcelOrmEntity } from '../entities/parcel.orm-entity';

/** A scanned parcel's row as it is first recorded (version 1): the code trimmed, `intact` unless told otherwise. */
export function newParcel(input: {
  id: string;
  sellerId: string;
  code: string;
  condition?: ParcelCondition;
  note?: string | null;
  attachmentIds?: string[];
  returnId: string | null;
  candidateReturnIds: string[];
  actor: ActorRef;
  at: Date;
}): ParcelOrmEntity {
  return Object.assign(new ParcelOrmEntity(), {
    id: input.id,
    sellerId: input.sellerId,
    code: input.code.trim(),
    condition: input.condition ?? 'intact',
    note: input.note?.trim() || null,
    attachmentIds: input.attachmentIds ?? [],
    returnId: input.returnId,
    candidateReturnIds: input.candidateReturnIds,
    receivedBy: input.actor,
    receivedAt: input.at,
    updatedAt: input.at,
    version: 1,
  });
}
