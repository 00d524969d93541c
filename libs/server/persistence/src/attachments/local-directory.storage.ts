import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachmentStorage } from './attachment-storage.port';

export const DEFAULT_ATTACHMENTS_DIR = './var/attachments';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Attachments as files named by their key in one directory (`ATTACHMENTS_DIR`, `./var/attachments` by
 * default). The api and the worker must see the same directory (one volume shared by every process).
 */
export class LocalDirectoryStorage extends AttachmentStorage {
  readonly directory: string;

  constructor(directory: string) {
    super();
    this.directory = resolve(directory);
    mkdirSync(this.directory, { recursive: true });
  }

  /** The directory `ATTACHMENTS_DIR` names (the configuration's `attachmentsDir`), relative to the working directory. */
  static in(directory: string): LocalDirectoryStorage {
    return new LocalDirectoryStorage(resolve(process.cwd(), directory || DEFAULT_ATTACHMENTS_DIR));
  }

  async write(key: string, bytes: Readable): Promise<void> {
    const path = this.pathOf(key);
    // Written aside and renamed: a reader never sees half a file, a failure leaves no file under the key.
    const partial = join(this.directory, `.${key}.${randomUUID()}.part`);
    const file = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(bytes, file);
      await rename(partial, path);
    } catch (error) {
      // The pipeline settles on the first error, before the write stream has closed its file, sometimes before
      // the file even exists: removing it at once left an empty part file behind now and then on a loaded machine.
      if (!file.closed) await new Promise<void>((closed) => file.once('close', () => closed()));
      await rm(partial, { force: true });
      throw error;
    }
  }

  open(key: string): Readable {
    const path = this.pathOf(key);
    if (!existsSync(path)) throw new Error(`attachment content ${key} is missing from ${this.directory}`);
    return createReadStream(path);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Keys are uuids: nothing a client sends ever becomes part of a path. */
  private pathOf(key: string): string {
    if (!UUID.test(key)) throw new Error('an attachment storage key must be a uuid');
    return join(this.directory, key.toLowerCase());
  }
}
