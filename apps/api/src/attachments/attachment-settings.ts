import { ServerConfig } from '@aftersale/server/messaging';

export const DEFAULT_MAX_CONCURRENT_UPLOADS = 8;

/** Upload settings, from the configuration. */
export class AttachmentSettings {
  constructor(
    readonly maxBytes: number,
    readonly maxConcurrentUploads: number = DEFAULT_MAX_CONCURRENT_UPLOADS,
  ) {}

  /**
   * `ATTACHMENT_MAX_BYTES` (20 MB by default): larger uploads are 413 `payload-too-large`;
   * `ATTACHMENT_MAX_CONCURRENT_UPLOADS` (8): uploads one api process takes at once, more are 503.
   */
  static from(config: ServerConfig): AttachmentSettings {
    return new AttachmentSettings(config.attachmentMaxBytes, config.attachmentMaxConcurrentUploads);
  }
}
