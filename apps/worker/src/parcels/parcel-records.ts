import { DomainError } from '@aftersale/domain';
import { findParcel, ParcelOrmEntity } from '@aftersale/server/persistence';
import { TransactionContext } from '../infrastructure/transaction-context';

/** The seller's parcel the command names (404 when it is another seller's or none). */
export async function parcelOf(
  tx: TransactionContext,
  parcelId: string,
  sellerId: string | null,
): Promise<ParcelOrmEntity> {
  const parcel = await findParcel(tx.manager, parcelId, sellerId);
  if (!parcel) throw new DomainError('not-found', 'No such parcel.');
  return parcel;
}
