import { Request } from 'express';
import { StorageEngine } from 'multer';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { AttachmentStorage } from '@aftersale/server/persistence';
import { MediaTypeSniffer } from './media-type-sniffer';

/** What the engine adds to multer's file: where the bytes went, how many, and their type by content. */
export interface StoredUpload {
  originalname: string;
  storageKey: string;
  size: number;
  contentType: string;
  /** the SHA-256 of the bytes, hex */
  sha256: string;
}

/**
 * A multer storage engine that streams the `file` part through the type sniffer into the attachment storage
 * as it arrives: an upload never sits whole in memory. Over the size limit, multer stops the part and
 * removes what was stored (413); a refused type fails the write (415) and stores nothing.
 */
export class StreamingStorageEngine implements StorageEngine {
  constructor(private readonly storage: AttachmentStorage) {}

  _handleFile(
    _req: Request,
    file: Express.Multer.File & { stream: Readable },
    callback: (error?: unknown, info?: Partial<StoredUpload>) => void,
  ): void {
    const storageKey = randomUUID();
    const sniffer = new MediaTypeSniffer();
    // a broken upload (the client went away) fails the write too; piping alone would leave it waiting
    file.stream.once('error', (error) => sniffer.destroy(error));
    this.storage
      .write(storageKey, file.stream.pipe(sniffer))
      .then(() =>
        callback(null, { storageKey, size: sniffer.size, contentType: sniffer.mime, sha256: sniffer.sha256() }),
      )
      .catch((error) => {
        // the part must be read to its end for the request to finish; its bytes go nowhere
        file.stream.unpipe(sniffer);
        file.stream.resume();
        callback(error);
      });
  }

  _removeFile(_req: Request, file: Partial<StoredUpload>, callback: (error: Error | null) => void): void {
    if (!file.storageKey) return callback(null);
    this.storage.remove(file.storageKey).then(
      () => callback(null),
      (error) => callback(error),
    );
  }
}
