import { Injectable, Logger } from '@nestjs/common';
import { newId } from '@aftersale/domain';
import { AttachmentView } from '@aftersale/contracts';
import { AttachmentOrmEntity, AttachmentRows, AttachmentStorage, attachmentView } from '@aftersale/server/persistence';
import { actorOf, Principal } from '../../infrastructure/auth/principal';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { ATTACHMENT_FIELD } from './attachment-upload.interceptor';
import { sanitizeFileName } from './file-name';
import { StoredUpload } from './streaming-storage.engine';

/**
 * POST /attachments: the bytes are already stored (streamed, sniffed and size-limited on the way in, see
 * StreamingStorageEngine); this writes the row. A failed row removes the bytes again.
 */
@Injectable()
export class UploadAttachmentService {
  private readonly logger = new Logger('UploadAttachment');

  constructor(
    private readonly attachments: AttachmentRows,
    private readonly storage: AttachmentStorage,
  ) {}

  async upload(principal: Principal, file: StoredUpload | undefined): Promise<AttachmentView> {
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
    try {
      await this.attachments.insert(row);
    } catch (error) {
      await this.storage
        .remove(row.storageKey)
        .catch((removal) => this.logger.warn(`could not remove ${row.storageKey}: ${removal}`));
      throw error;
    }
    return attachmentView(row);
  }
}
