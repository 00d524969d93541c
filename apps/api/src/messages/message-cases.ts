import { MessageAuthor, MessageCaseType } from '@aftersale/contracts';
import { CancellationRequestOrmEntity, ReturnCaseOrmEntity, TenantRecords } from '@aftersale/server/persistence';
import { SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Permit, permitOf, Principal } from '../infrastructure/auth/principal';
import { forbidden } from '../infrastructure/problems/problem.exception';
import { findVisible } from '../infrastructure/tenancy';

/** Whoever may read a case may read and write its messages (docs/api.md: warehouse only on return cases). */
export const CASE_READERS: Record<MessageCaseType, Permit[]> = {
  cancellation: [...SELLER_ROLES, 'ops', 'channel'],
  return: [...SELLER_ROLES, 'warehouse', 'ops', 'channel'],
};
export const MESSAGE_PERMITS: Permit[] = [...new Set([...CASE_READERS.cancellation, ...CASE_READERS.return])];

export interface MessageCase {
  caseType: MessageCaseType;
  caseId: string;
  sellerId: string;
  orderId: string;
}

/** The case a thread belongs to: 403 for a role that may not read such cases, 404 outside the principal's tenant. */
export async function findMessageCase(
  records: TenantRecords,
  principal: Principal,
  caseType: MessageCaseType,
  caseId: string,
): Promise<MessageCase> {
  if (!CASE_READERS[caseType].includes(permitOf(principal))) throw forbidden();
  const row =
    caseType === 'cancellation'
      ? await findVisible(records, CancellationRequestOrmEntity, caseId, principal, 'cancellation request')
      : await findVisible(records, ReturnCaseOrmEntity, caseId, principal, 'return');
  return { caseType, caseId: row.id, sellerId: row.sellerId, orderId: row.orderId };
}

/** Users (ops included) by their id and name; the channel by its seller and its name (`marketplace`, `buyer`, …). */
export function authorOf(principal: Principal): MessageAuthor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.id, name: principal.name }
    : { kind: 'channel', id: principal.sellerId, name: principal.name };
}
