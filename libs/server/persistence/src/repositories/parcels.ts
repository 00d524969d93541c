import { ActorRef, ParcelCondition } from '@aftersale/contracts';
import { uploadIds } from '@aftersale/domain';
import { EntityManager } from 'typeorm';
import { ConcurrencyError } from './concurrency.error';
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
    attachmentIds: uploadIds(input.attachmentIds),
    returnId: input.returnId,
    candidateReturnIds: input.candidateReturnIds,
    receivedBy: input.actor,
    receivedAt: input.at,
    updatedAt: input.at,
    version: 1,
  });
}

/** A parcel of the seller (any seller's for ops, `sellerId` null). */
export function findParcel(manager: EntityManager, parcelId: string, sellerId: string | null) {
  return manager.getRepository(ParcelOrmEntity).findOneBy(sellerId ? { id: parcelId, sellerId } : { id: parcelId });
}

/** The parcel already received for a return case, if any (a rescan of its code). */
export function findParcelOfReturn(manager: EntityManager, returnId: string) {
  return manager.getRepository(ParcelOrmEntity).findOneBy({ returnId });
}

/**
 * The seller's latest parcel scanned with this code, compared without case, matched or not: a rescan of a code
 * that no waiting case takes any more (an unknown code, or the posting number of a case it already brought to
 * `received`).
 */
export function findParcelByCode(manager: EntityManager, sellerId: string, code: string) {
  return manager
    .getRepository(ParcelOrmEntity)
    .createQueryBuilder('p')
    .where('p.seller_id = :sellerId AND lower(p.code) = lower(:code)', { sellerId, code: code.trim() })
    .orderBy('p.received_at', 'DESC')
    .getOne();
}

export async function insertParcel(manager: EntityManager, parcel: ParcelOrmEntity): Promise<void> {
  await manager.getRepository(ParcelOrmEntity).insert(parcel);
}

/** Parcels are plain records (no state machine of their own); a version check still guards concurrent edits. */
export async function updateParcel(
  manager: EntityManager,
  parcel: ParcelOrmEntity,
  changes: Partial<ParcelOrmEntity>,
): Promise<ParcelOrmEntity> {
  const result = await manager
    .createQueryBuilder()
    .update(ParcelOrmEntity)
    .set({ ...changes, version: parcel.version + 1 } as never)
    .where('id = :id AND version = :version', { id: parcel.id, version: parcel.version })
    .execute();
  if (result.affected !== 1) throw new ConcurrencyError('Parcel', parcel.id);
  return Object.assign(parcel, changes, { version: parcel.version + 1 });
}
