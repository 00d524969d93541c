import { envNumber } from '@aftersale/server/messaging';

export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_UPLOADS = 8;

function positiveWhole(name: string, fallback: number): number {
  const value = envNumber(name, fallback);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a positive whole number, got ${value}`);
  return value;
}

/** Upload settings, read from the environment when the api starts. */
export class AttachmentSettings {
  constructor(
    readonly maxBytes: number,
    readonly maxConcurrentUploads: number = DEFAULT_MAX_CONCURRENT_UPLOADS,
  ) {}

  /**
   * `ATTACHMENT_MAX_BYTES` (20 MB by default): larger uploads are 413 `payload-too-large`;
   * `ATTACHMENT_MAX_CONCURRENT_UPLOADS` (8): uploads one api process takes at once, more are 503.
   */
  static fromEnv(): AttachmentSettings {
    return new AttachmentSettings(
      positiveWhole('ATTACHMENT_MAX_BYTES', DEFAULT_ATTACHMENT_MAX_BYTES),
      positiveWhole('ATTACHMENT_MAX_CONCURRENT_UPLOADS', DEFAULT_MAX_CONCURRENT_UPLOADS),
    );
  }
}
