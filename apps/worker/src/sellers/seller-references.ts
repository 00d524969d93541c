import { ReasonKind } from '@aftersale/contracts';
import { DomainError } from '@aftersale/domain';
import {
  ReasonOrmEntity,
  reasonOfKind,
  SellerSettingsOrmEntity,
  sellerSettingsIn,
} from '@aftersale/server/persistence';
import { TransactionContext } from '../infrastructure/transaction-context';

/** A reason of the catalogue, of the kind the command asks for (a wrong one is a 400 on `reasonId`). */
export async function reasonOf(tx: TransactionContext, reasonId: string, kind: ReasonKind): Promise<ReasonOrmEntity> {
  const reason = await reasonOfKind(tx.manager, reasonId, kind);
  if (!reason) {
    const message = `${reasonId} is not a ${kind} reason.`;
    throw new DomainError('validation-failed', message, { errors: [{ field: 'reasonId', message }] });
  }
  return reason;
}

export async function settingsOf(tx: TransactionContext, sellerId: string): Promise<SellerSettingsOrmEntity> {
  const settings = await sellerSettingsIn(tx.manager, sellerId);
  if (!settings) throw new DomainError('not-found', 'No such seller settings.');
  return settings;
}
