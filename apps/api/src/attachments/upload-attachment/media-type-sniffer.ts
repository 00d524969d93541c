import { fromBuffer } from 'file-type';
import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { ProblemException } from '../../infrastructure/problems/problem.exception';

/** file-type looks at most this far into a file. */
const SNIFF_BYTES = 4100;

/** Images and videos only, judged by their bytes: what the client claims in Content-Type is ignored. */
export function isAcceptedMediaType(mime: string | undefined): mime is string {
  return typeof mime === 'string' && (mime.startsWith('image/') || mime.startsWith('video/'));
}

/**
 * Passes an upload through on its way to storage, holding back only its first 4,100 bytes until their type is
 * known: an image or a video goes on, anything else fails the stream with 415 `unsupported-media-type`
 * (so storage keeps nothing). Counts the bytes and hashes them (what an Idempotency-Key's retry is compared by).
 */
export class MediaTypeSniffer extends Transform {
  size = 0;
  mime: string | undefined;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.mime) return callback(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return callback();
    this.decide().then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.mime) return callback();
    this.decide().then(() => callback(), callback);
  }

  /** The SHA-256 of every byte that passed, hex; once only, after the stream has ended. */
  sha256(): string {
    return this.hash.digest('hex');
  }

  private async decide(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    const sniffed = head.length > 0 ? await fromBuffer(head) : undefined;
    if (!isAcceptedMediaType(sniffed?.mime)) {
      throw new ProblemException(
        'unsupported-media-type',
        `Only images and videos may be uploaded; by its content this file is ${sniffed ? sniffed.mime : 'of no known image or video type'}.`,
      );
    }
    this.mime = sniffed.mime;
    this.push(head);
  }
}
