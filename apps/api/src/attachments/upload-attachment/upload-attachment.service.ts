import { Injectable, Logger } from '@nestjs/common';
import { newId } from '@aftersale/domain';
import { AttachmentView } from '@aftersale/contracts';
import { AttachmentOrmEntity, AttachmentRows, AttachmentStorage, attachmentView } from '@aftersale/server/persistence';
import { actorOf, Principal } from '../../infrastructure/auth/principal';
import { CommandAnswer, CommandGateway } from '../../infrastructure/commands/command-gateway.service';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { ATTACHMENT_FIELD } from './attachment-upload.interceptor';
import { sanitizeFileName } from './file-name';
import { StoredUpload } from './streaming-storage.engine';

/**
 * POST /attachments: the bytes are already stored (streamed, sniffed, hashed and size-limited on the way in, see
 * StreamingStorageEngine); this writes the row, in one transaction with its command row, as messages are written
 * (docs/api.md "Command semantics"): a retry under the same Idempotency-Key — the same bytes, name and type — gets
 * the first attachment, not a second. The bytes stay only if this request's row does: a failed row, or a retry
 * answered with the first upload, removes them again.
 */
@Injectable()
export class UploadAttachmentService {
  private readonly logger = new Logger('UploadAttachment');

  constructor(
    private readonly attachments: AttachmentRows,
    private readonly storage: AttachmentStorage,
    private readonly commands: CommandGateway,
  ) {}

  async upload(principal: Principal, file: StoredUpload | undefined, idempotencyKey?: string): Promise<CommandAnswer> {
    if (!file?.storageKey) {
      throw validationFailed([
        { field: ATTACHMENT_FIELD, message: `send the file as the multipart/form-data field "${ATTACHMENT_FIELD}"` },
      ]);
    }
    const row: AttachmentOrmEntity = {
      id: newId(),
      sellerId: principal.sellerId,
      fileName: sanitizeFileName(file.originalname),
      contentType: file.contentType,
      size: file.size,
      storageKey: file.storageKey,
      uploadedBy: { ...actorOf(principal) },
      createdAt: new Date(),
    };
    let answer: CommandAnswer | undefined;
    try {
      answer = await this.commands.applyInline(
        {
          principal,
          type: 'UploadAttachment',
          payload: { fileName: row.fileName, contentType: row.contentType, size: row.size, sha256: file.sha256 },
          sellerId: row.sellerId,
          requestKey: 'POST /attachments',
          idempotencyKey,
          resourceType: 'attachment',
          successStatus: 201,
        },
        async (manager) => {
          await this.attachments.insert(row, manager);
          return { resourceId: row.id, result: attachmentView(row) };
        },
      );
      return answer;
    } finally {
      if ((answer?.body as AttachmentView | undefined)?.id !== row.id) await this.forget(row.storageKey);
    }
  }

  private async forget(storageKey: string): Promise<void> {
    await this.storage
      .remove(storageKey)
      .catch((removal) => this.logger.warn(`could not remove ${storageKey}: ${removal}`));
  }
}
