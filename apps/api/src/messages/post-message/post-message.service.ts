import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appendMessage, messageView } from '@aftersale/server/persistence';
import { assertSellerAttachments } from '../../attachments/attachment-ownership';
import { permitOf, Principal } from '../../infrastructure/auth/principal';
import { CommandAnswer, CommandGateway } from '../../infrastructure/commands/command-gateway.service';
import { authorOf, findMessageCase, MessageCase } from '../message-cases';
import { CreateMessageDto } from './create-message.dto';

/**
 * POST /messages: written by the api itself, in one transaction with its `MessagePosted` audit event and its
 * command row. A message is an append, not a state transition, so it does not go through the command queue;
 * since it can never be deleted, a retried request with the same Idempotency-Key gives the first answer.
 */
@Injectable()
export class PostMessageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandGateway,
  ) {}

  async post(principal: Principal, body: CreateMessageDto, idempotencyKey?: string): Promise<CommandAnswer> {
    const target = await findMessageCase(this.dataSource, principal, body.caseType, body.caseId);
    const attachmentIds = (body.attachmentIds ?? []).map((id) => id.toLowerCase());
    return this.commands.applyInline(
      {
        principal,
        type: 'PostMessage',
        payload: { caseType: target.caseType, caseId: target.caseId, body: body.body, attachmentIds },
        sellerId: target.sellerId,
        requestKey: 'POST /messages',
        idempotencyKey,
        resourceType: 'message',
        successStatus: 201,
      },
      async (manager) => {
        await this.checkAttachments(manager, principal, target, attachmentIds);
        const view = messageView(
          await appendMessage(manager, {
            sellerId: target.sellerId,
            caseType: target.caseType,
            caseId: target.caseId,
            orderId: target.orderId,
            author: authorOf(principal),
            body: body.body,
            attachmentIds,
          }),
        );
        return { resourceId: view.id, result: view };
      },
    );
  }

  /**
   * Attachments must be the case seller's. An ops upload has no seller until ops uses it on a case: then it
   * becomes that seller's, so that the seller and its channel can open it too.
   */
  private async checkAttachments(
    manager: EntityManager,
    principal: Principal,
    target: MessageCase,
    ids: string[],
  ): Promise<void> {
    if (ids.length === 0) return;
    if (permitOf(principal) === 'ops') {
      await manager.query(
        `UPDATE attachments SET seller_id = $1 WHERE id = ANY($2::uuid[]) AND seller_id IS NULL AND uploaded_by->>'kind' = 'user' AND uploaded_by->>'id' = $3`,
        [target.sellerId, ids, principal.id],
      );
    }
    await assertSellerAttachments(manager, target.sellerId, ids);
  }
}
