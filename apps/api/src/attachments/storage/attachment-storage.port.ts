import { Readable } from 'node:stream';

/**
 * Where an attachment's bytes live. Keys are uuids the api makes, never anything a client sent. A local
 * directory for the demo and tests; an object store would implement the same three calls.
 */
export abstract class AttachmentStorage {
  /** Stores the bytes under a new key; complete or not at all. */
  abstract put(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes; throws when there are none under the key. */
  abstract open(key: string): Readable;
  /** Forgets the key; nothing happens when there is nothing under it. */
  abstract remove(key: string): Promise<void>;
}
