import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { MessageView } from '@aftersale/contracts';
import { appendMessage, CommandOrmEntity, messageView } from '@aftersale/server/persistence';
import { actorOf, permitOf, Principal, principalKey } from '../../infrastructure/auth/principal';
import { canonicalJson } from '../../infrastructure/commands/command-gateway.service';
import { ProblemException, validationFailed } from '../../infrastructure/problems/problem.exception';
import { authorOf, findMessageCase, MessageCase } from '../message-cases';
import { CreateMessageDto } from './create-message.dto';
import { assertSellerAttachments } from '../../attachments/attachment-ownership';

const REQUEST_KEY = 'POST /messages';
const IDEMPOTENCY_WINDOW = "interval '24 hours'";

/** Another request with the same Idempotency-Key committed first: answer as it was answered. */
class IdempotencyKeyTaken extends Error {}

/**
 * POST /messages: written by the api itself, in one transaction with its `MessagePosted` audit event. A
 * message is an append, not a state transition, so it does not go through the command queue. Since a message
 * can never be deleted, a retried request with the same Idempotency-Key gives the first answer instead of a
 * second message (the key is kept in `commands`, like a queued command's, as an already succeeded one).
 */
@Injectable()
export class PostMessageService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async post(principal: Principal, body: CreateMessageDto, idempotencyKey?: string): Promise<MessageView> {
    const key = idempotencyKey?.trim() || null;
    if (key !== null && key.length > 200) throw validationFailed([{ field: 'Idempotency-Key', message: 'at most 200 characters' }]);
    const target = await findMessageCase(this.dataSource, principal, body.caseType, body.caseId);
    const attachmentIds = (body.attachmentIds ?? []).map((id) => id.toLowerCase());
    const payload = { caseType: target.caseType, caseId: target.caseId, body: body.body, attachmentIds };
    const bodyHash = createHash('sha256').update(canonicalJson(payload)).digest('hex');

    if (key !== null) {
      const previous = await this.previous(principal, key);
      if (previous) return this.replay(previous, bodyHash);
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.checkAttachments(manager, principal, target, attachmentIds);
        const view = messageView(await appendMessage(manager, {
          sellerId: target.sellerId, caseType: target.caseType, caseId: target.caseId, orderId: target.orderId,
          author: authorOf(principal), body: body.body, attachmentIds,
        }));
        if (key !== null) await this.rememberKey(manager, principal, key, bodyHash, payload, target, view);
        return view;
      });
    } catch (error) {
      if (!(error instanceof IdempotencyKeyTaken)) throw error;
      const previous = await this.previous(principal, key!);
      if (!previous) throw new ProblemException('service-unavailable', 'Please retry.');
      return this.replay(previous, bodyHash);
    }
  }

  /**
   * Attachments must be the case seller's. An ops upload has no seller until ops uses it on a case: then it
   * becomes that seller's, so that the seller and its channel can open it too.
   */
  private async checkAttachments(manager: EntityManager, principal: Principal, target: MessageCase, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    if (permitOf(principal) === 'ops') {
      await manager.query(
        `UPDATE attachments SET seller_id = $1 WHERE id = ANY($2::uuid[]) AND seller_id IS NULL AND uploaded_by->>'kind' = 'user' AND uploaded_by->>'id' = $3`,
        [target.sellerId, ids, principal.id],
      );
    }
    await assertSellerAttachments(manager, target.sellerId, ids);
  }

  private async rememberKey(manager: EntityManager, principal: Principal, key: string, bodyHash: string,
    payload: Record<string, unknown>, target: MessageCase, view: MessageView): Promise<void> {
    const now = new Date();
    const inserted = await manager.createQueryBuilder().insert().into(CommandOrmEntity).values({
      id: randomUUID(), type: 'PostMessage', principal: principalKey(principal), sellerId: target.sellerId, actor: { ...actorOf(principal) },
      requestKey: REQUEST_KEY, idempotencyKey: key, bodyHash, payload, state: 'succeeded', acceptedAt: now, completedAt: now,
      resourceType: 'message', resourceId: view.id, successStatus: 201, result: view, problem: null,
    } as never).orIgnore().returning('id').execute();
    if (inserted.raw.length === 0) throw new IdempotencyKeyTaken();
  }

  private async previous(principal: Principal, key: string): Promise<CommandOrmEntity | null> {
    const owner = principalKey(principal);
    await this.dataSource.query(
      `UPDATE commands SET idempotency_key = NULL WHERE principal = $1 AND request_key = $2 AND idempotency_key = $3 AND accepted_at < now() - ${IDEMPOTENCY_WINDOW}`,
      [owner, REQUEST_KEY, key],
    );
    return this.dataSource.getRepository(CommandOrmEntity).findOne({ where: { principal: owner, requestKey: REQUEST_KEY, idempotencyKey: key } });
  }

  private replay(previous: CommandOrmEntity, bodyHash: string): MessageView {
    if (previous.bodyHash !== bodyHash) throw new ProblemException('idempotency-key-reused', 'This Idempotency-Key was used with a different body.');
    return previous.result as MessageView;
  }
}
