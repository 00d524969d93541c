import { envNumber } from '@aftersale/server/messaging';

export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Upload settings, read from the environment when the api starts. */
export class AttachmentSettings {
  constructor(readonly maxBytes: number) {}

  /** `ATTACHMENT_MAX_BYTES` (20 MB by default): larger uploads are 413 `payload-too-large`. */
  static fromEnv(): AttachmentSettings {
    const maxBytes = envNumber('ATTACHMENT_MAX_BYTES', DEFAULT_ATTACHMENT_MAX_BYTES);
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
      throw new Error(`ATTACHMENT_MAX_BYTES must be a positive whole number of bytes, got ${maxBytes}`);
    return new AttachmentSettings(maxBytes);
  }
}
