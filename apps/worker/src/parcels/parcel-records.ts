import { DomainError } from '@aftersale/domain';
import { ConcurrencyError, ParcelOrmEntity } from '@aftersale/server/persistence';
import { TransactionContext } from '../infrastructure/transaction-context';

export async function findParcel(
  tx: TransactionContext,
  parcelId: string,
  sellerId: string | null,
): Promise<ParcelOrmEntity> {
  const parcel = await tx.manager
    .getRepository(ParcelOrmEntity)
    .findOneBy(sellerId ? { id: parcelId, sellerId } : { id: parcelId });
  if (!parcel) throw new DomainError('not-found', 'No such parcel.');
  return parcel;
}

/** Parcels are plain records (no state machine of their own); a version check still guards concurrent edits. */
export async function updateParcel(
  tx: TransactionContext,
  parcel: ParcelOrmEntity,
  changes: Partial<ParcelOrmEntity>,
): Promise<ParcelOrmEntity> {
  const result = await tx.manager
    .createQueryBuilder()
    .update(ParcelOrmEntity)
    .set({ ...changes, version: parcel.version + 1 } as never)
    .where('id = :id AND version = :version', { id: parcel.id, version: parcel.version })
    .execute();
  if (result.affected !== 1) throw new ConcurrencyError('Parcel', parcel.id);
  return Object.assign(parcel, changes, { version: parcel.version + 1 });
}
