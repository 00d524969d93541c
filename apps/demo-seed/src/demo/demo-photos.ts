import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * The demo's "photos": small valid PNG files (a two-colour gradient) written into the attachment storage's
 * directory under their storage keys, the way the api's LocalDirectoryStorage keeps uploads.
 */

/** The api's default (apps/api LocalDirectoryStorage): `ATTACHMENTS_DIR`, relative to the working directory. */
export const DEFAULT_ATTACHMENTS_DIR = './var/attachments';

export function attachmentsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(process.cwd(), env.ATTACHMENTS_DIR || DEFAULT_ATTACHMENTS_DIR);
}

const WIDTH = 64;
const HEIGHT = 48;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A 64×48 truecolour PNG, its colours taken from the storage key: the same key always has the same bytes,
 * so a seed into another database that shares the directory never changes a file under an existing row.
 */
export function demoPng(storageKey: string): Buffer {
  const digest = createHash('sha256').update(storageKey).digest();
  const top = [digest[0], digest[1], digest[2]];
  const bottom = [digest[3], digest[4], digest[5]];
  const raw = Buffer.alloc(HEIGHT * (1 + WIDTH * 3));
  for (let y = 0; y < HEIGHT; y++) {
    const row = y * (1 + WIDTH * 3);
    raw[row] = 0; // filter: none
    const colour = top.map((value, i) => Math.round(value + ((bottom[i] - value) * y) / (HEIGHT - 1)));
    for (let x = 0; x < WIDTH; x++) colour.forEach((value, i) => (raw[row + 1 + x * 3 + i] = value));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes each file under its key (written aside and renamed, like the api's storage: never half a file). */
export async function writeDemoPhotos(
  directory: string,
  files: ReadonlyArray<{ storageKey: string; bytes: Buffer }>,
): Promise<void> {
  await mkdir(directory, { recursive: true });
  for (const { storageKey, bytes } of files) {
    const partial = join(directory, `.${storageKey}.demo.part`);
    await writeFile(partial, bytes, { mode: 0o600 });
    await rename(partial, join(directory, storageKey));
  }
}
