import { MESSAGE_CASE_TYPES, MessageAuthor, MessageCaseType, MessageView } from '@aftersale/contracts';
import {
  CancellationRequestOrmEntity,
  MessageOrmEntity,
  messageView,
  ReturnCaseOrmEntity,
  TenantRecords,
} from '@aftersale/server/persistence';
import { RecordReads } from '../infrastructure/lists/record-reads';
import { MESSAGES_LIST } from './list-messages/list-messages.query';
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

/** `GET /messages/:id`: a message as its case's readers see it; a case type the role may not read is 404. */
export const MESSAGE_READS: RecordReads<MessageOrmEntity, MessageView> = {
  entity: MessageOrmEntity,
  what: 'message',
  alias: 'm',
  list: MESSAGES_LIST,
  view: messageView,
  withheld: (principal) => {
    const unreadable = MESSAGE_CASE_TYPES.filter((type) => !CASE_READERS[type].includes(permitOf(principal)));
    if (unreadable.length === 0) return undefined;
    return {
      where: `m.case_type IN (${unreadable.map((type) => `'${type}'`).join(', ')})`,
      holds: (row) => (unreadable as string[]).includes(row.caseType),
    };
  },
};
