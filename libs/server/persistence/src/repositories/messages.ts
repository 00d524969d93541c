import { newId } from '@aftersale/domain';
import { EntityManager } from 'typeorm';
import { MessageAuthor, MessageCaseType } from '@aftersale/contracts';
import { AuditEventOrmEntity } from '../entities/audit-event.orm-entity';
import { MessageOrmEntity } from '../entities/message.orm-entity';

export const MESSAGE_POSTED = 'MessagePosted';

const CASE_TABLES: Record<MessageCaseType, string> = { cancellation: 'cancellation_requests', return: 'return_cases' };

export interface NewMessage {
  /** the case's seller */
  sellerId: string;
  caseType: MessageCaseType;
  caseId: string;
  /** the case's order, for the order's timeline; looked up from the case when omitted */
  orderId?: string | null;
  author: MessageAuthor;
  body: string;
  attachmentIds?: string[];
}

/**
 * Appends a message to a case's thread together with its `MessagePosted` audit event, in the caller's
 * transaction. A message is an append, not a state transition: it takes no lock and goes through no queue.
 * The caller has checked who may write and that the attachments are the case seller's.
 */
export async function appendMessage(manager: EntityManager, input: NewMessage): Promise<MessageOrmEntity> {
  const orderId =
    input.orderId !== undefined ? input.orderId : await orderOfCase(manager, input.caseType, input.caseId);
  const createdAt = new Date();
  const row = {
    id: newId(),
    sellerId: input.sellerId,
    caseType: input.caseType,
    caseId: input.caseId,
    author: input.author,
    body: input.body,
    attachmentIds: input.attachmentIds ?? [],
    createdAt,
  };
  await manager.insert(MessageOrmEntity, row as never);
  await manager.insert(AuditEventOrmEntity, {
    id: newId(),
    sellerId: input.sellerId,
    caseType: input.caseType,
    caseId: input.caseId,
    orderId,
    type: MESSAGE_POSTED,
    from: null,
    to: null,
    actor: { kind: input.author.kind, ...(input.author.id ? { id: input.author.id } : {}), name: input.author.name },
    at: createdAt,
    data: { messageId: row.id, attachmentIds: row.attachmentIds },
  } as never);
  return manager.findOneByOrFail(MessageOrmEntity, { id: row.id });
}

/** A message the system writes on a case (e.g. "auto-approved at the deadline"), in the caller's transaction. */
export function postSystemMessage(
  manager: EntityManager,
  input: {
    sellerId: string;
    caseType: MessageCaseType;
    caseId: string;
    body: string;
    orderId?: string | null;
    attachmentIds?: string[];
  },
): Promise<MessageOrmEntity> {
  return appendMessage(manager, { ...input, author: { kind: 'system', name: 'system' } });
}

async function orderOfCase(manager: EntityManager, caseType: MessageCaseType, caseId: string): Promise<string | null> {
  const rows: { order_id: string }[] = await manager.query(
    `SELECT order_id FROM ${CASE_TABLES[caseType]} WHERE id = $1`,
    [caseId],
  );
  return rows[0]?.order_id ?? null;
}
