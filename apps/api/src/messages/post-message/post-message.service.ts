import { Injectable } from '@nestjs/common';
import { uploadIds } from '@aftersale/domain';
import {
  adoptOpsUploads,
  appendMessage,
  messageView,
  notSellerAttachments,
  TenantRecords,
} from '@aftersale/server/persistence';
import { refuseForeignAttachments } from '../../attachments/attachment-ownership';
import { permitOf, Principal } from '../../infrastructure/auth/principal';
import { CommandAnswer, CommandGateway } from '../../infrastructure/commands/command-gateway.service';
import { authorOf, findMessageCase } from '../message-cases';
import { CreateMessageDto } from './create-message.dto';

/**
 * POST /messages: written by the api itself, in one transaction with its `MessagePosted` audit event and its
 * command row. A message is an append, not a state transition, so it does not go through the command queue;
 * since it can never be deleted, a retried request with the same Idempotency-Key gives the first answer.
 */
@Injectable()
export class PostMessageService {
  constructor(
    private readonly records: TenantRecords,
    private readonly commands: CommandGateway,
  ) {}

  async post(principal: Principal, body: CreateMessageDto, idempotencyKey?: string): Promise<CommandAnswer> {
    const target = await findMessageCase(this.records, principal, body.caseType, body.caseId);
    const attachmentIds = uploadIds(body.attachmentIds);
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
        // the case seller's only; an ops upload has no seller until ops uses it on a case: then it becomes that
        // seller's, so that the seller and its channel can open it too
        if (attachmentIds.length > 0) {
          if (permitOf(principal) === 'ops')
            await adoptOpsUploads(manager, target.sellerId, attachmentIds, principal.id);
          refuseForeignAttachments(await notSellerAttachments(manager, target.sellerId, attachmentIds));
        }
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
}
