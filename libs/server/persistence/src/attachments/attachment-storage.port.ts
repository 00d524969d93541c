import { Readable } from 'node:stream';

/**
 * Where an attachment's bytes live, shared by the api (uploads, downloads) and the worker (removing unused
 * uploads). Keys are uuids the api makes, never anything a client sent. A local directory for the demo and
 * tests; an object store would implement the same three calls.
 */
export abstract class AttachmentStorage {
  /**
   * Stores what `bytes` yields under a new key, as it arrives (never the whole file in memory); complete or
   * not at all: if the stream fails, nothing stays under the key and the promise rejects with its error.
   */
  abstract write(key: string, bytes: Readable): Promise<void>;
  /** The stored bytes; throws when there are none under the key. */
  abstract open(key: string): Readable;
  /** Forgets the key; nothing happens when there is nothing under it. */
  abstract remove(key: string): Promise<void>;
}
