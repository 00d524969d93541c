import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: N = 2^logN, block size r, parallelism p. */
export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet (scrypt): N = 2^17, r = 8, p = 1 — 128 MiB and a few hundred ms a hash. */
export const OWASP_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };
/** What `scrypt$salt$hash` (the first format, without parameters) was hashed with: Node's defaults. */
const LEGACY_SCRYPT: ScryptParams = { logN: 14, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/**
 * The cost new hashes get: OWASP's, with N = 2^logN from `PASSWORD_SCRYPT_LOG_N` (the configuration checks it:
 * the test suite lowers it to log in hundreds of times; below 17 is refused in production).
 */
export function scryptParams(logN: number): ScryptParams {
  return { ...OWASP_SCRYPT, logN };
}

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // Node refuses more than 32 MiB by default; N = 2^17, r = 8 needs 128 MiB (128 · N · r bytes) and a little more
  const maxmem = 128 * N * params.r * params.p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, { N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

/** `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64, the PHC string format's layout), or the legacy `scrypt$<salt>$<hash>`. */
function parse(stored: string): ParsedHash | null {
  const legacy = /^scrypt\$([^$]+)\$([^$]+)$/.exec(stored);
  if (legacy)
    return { params: LEGACY_SCRYPT, salt: Buffer.from(legacy[1], 'base64'), hash: Buffer.from(legacy[2], 'base64') };
  const current = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/.exec(stored);
  if (!current) return null;
  const params = { logN: Number(current[1]), r: Number(current[2]), p: Number(current[3]) };
  if (params.logN < 1 || params.logN > 24 || params.r < 1 || params.r > 64 || params.p < 1 || params.p > 16)
    return null;
  return { params, salt: Buffer.from(current[4], 'base64'), hash: Buffer.from(current[5], 'base64') };
}

/** Console users' passwords: the api verifies them, the admin's team page and the demo seed write them. */
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await scrypt(password, salt, KEY_LENGTH, params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a password against a stored hash with the parameters the hash names (old hashes still verify). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const actual = await scrypt(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(actual, parsed.hash);
}

/** A hash made at another cost than today's (an older, cheaper one): rehash it at the next successful login. */
export function needsRehash(stored: string, params: ScryptParams): boolean {
  const parsed = parse(stored);
  return (
    !parsed ||
    parsed.params.logN !== params.logN ||
    parsed.params.r !== params.r ||
    parsed.params.p !== params.p ||
    parsed.hash.length !== KEY_LENGTH
  );
}

/** Channel keys are long random secrets: a fast hash is enough, and lets us look them up by it. */
export function hashChannelKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
