import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fromBuffer } from 'file-type';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AttachmentView } from '@aftersale/contracts';
import { AttachmentOrmEntity, attachmentView } from '@aftersale/server/persistence';
import { actorOf, Principal } from '../../infrastructure/auth/principal';
import { ProblemException, validationFailed } from '../../infrastructure/problems/problem.exception';
import { AttachmentStorage } from '../storage/attachment-storage.port';
import { AttachmentSettings } from '../attachment-settings';
import { ATTACHMENT_FIELD } from './attachment-upload.interceptor';
import { sanitizeFileName } from './file-name';

/** What multer hands over for the `file` field (memory storage). */
export interface UploadedBytes {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** Images and videos only, judged by their bytes: what the client claims in Content-Type is ignored. */
export function isAcceptedMediaType(mime: string | undefined): mime is string {
  return typeof mime === 'string' && (mime.startsWith('image/') || mime.startsWith('video/'));
}

/**
 * POST /attachments: sniff, store the bytes under a new uuid key, then the row. A refusal stores nothing;
 * a failed row removes the bytes again.
 */
@Injectable()
export class UploadAttachmentService {
  private readonly logger = new Logger('UploadAttachment');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AttachmentStorage,
    private readonly settings: AttachmentSettings,
  ) {}

  async upload(principal: Principal, file: UploadedBytes | undefined): Promise<AttachmentView> {
    if (!file || !Buffer.isBuffer(file.buffer)) {
      throw validationFailed([
        { field: ATTACHMENT_FIELD, message: `send the file as the multipart/form-data field "${ATTACHMENT_FIELD}"` },
      ]);
    }
    if (file.buffer.length > this.settings.maxBytes) {
      throw new ProblemException('payload-too-large', `A file may have at most ${this.settings.maxBytes} bytes.`);
    }
    const sniffed = file.buffer.length > 0 ? await fromBuffer(file.buffer) : undefined;
    if (!isAcceptedMediaType(sniffed?.mime)) {
      throw new ProblemException(
        'unsupported-media-type',
        `Only images and videos may be uploaded; by its content this file is ${sniffed ? sniffed.mime : 'of no known image or video type'}.`,
      );
    }
    const row: AttachmentOrmEntity = {
      id: randomUUID(),
      sellerId: principal.sellerId,
      fileName: sanitizeFileName(file.originalname),
      contentType: sniffed.mime,
      size: file.buffer.length,
      storageKey: randomUUID(),
      uploadedBy: { ...actorOf(principal) },
      createdAt: new Date(),
    };
    await this.storage.put(row.storageKey, file.buffer);
    try {
      await this.dataSource.getRepository(AttachmentOrmEntity).insert(row);
    } catch (error) {
      await this.storage
        .remove(row.storageKey)
        .catch((removal) => this.logger.warn(`could not remove ${row.storageKey}: ${removal}`));
      throw error;
    }
    return attachmentView(row);
  }
}
