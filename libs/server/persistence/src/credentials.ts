import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: N = 2^logN, block size r, parallelism p. */
export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet (scrypt): five settings of equal strength, r = 8 and p by N = 2^logN —
 * 2^17 with p = 1 (128 MiB a hash: 128 · N · r bytes), 2^16 with 2 (64 MiB), 2^15 with 3 (32 MiB), 2^14 with 5
 * (16 MiB), 2^13 with 10 (8 MiB). OpenSSL runs the p lanes one after another: memory is one lane's.
 */
const OWASP_P_BY_LOG_N: Readonly<Record<number, number>> = { 17: 1, 16: 2, 15: 3, 14: 5, 13: 10 };
/**
 * N = 2^15, r = 8, p = 3: OWASP's strength at 32 MiB a hash (2^17 took 128 MiB per login). Its buffer, just over
 * 32 MiB, is above glibc's highest mmap threshold (32 MiB on 64-bit), so malloc maps it for the hash and unmaps it
 * after; 16 or 8 MiB buffers (2^14, 2^13) stay in the arena of each libuv thread that ran one (docs/benchmarks.md
 * section 18).
 */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 3 };
/** What `scrypt$salt$hash` (the first format, without parameters) was hashed with: Node's defaults. */
const LEGACY_SCRYPT: ScryptParams = { logN: 14, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/**
 * scrypt computations at once per process: the memory they hold is bounded by this times one hash's (a hash
 * stored at 2^17 still takes 128 MiB to verify), and they leave libuv's other threads (4) to file and DNS work.
 */
export const MAX_CONCURRENT_HASHES = 2;

/**
 * The cost new hashes get, N = 2^logN from `PASSWORD_SCRYPT_LOG_N`: r = 8 and OWASP's p for that N (13 to 17; the
 * configuration refuses below 13 in production), p = 1 outside OWASP's table (the test suite's 10, or above 17).
 */
export function scryptParams(logN: number): ScryptParams {
  return { logN, r: 8, p: OWASP_P_BY_LOG_N[logN] ?? 1 };
}

let hashesRunning = 0;
const waitingForHash: (() => void)[] = [];

/** scrypt computations running now in this process (at most MAX_CONCURRENT_HASHES). */
export function hashesInFlight(): number {
  return hashesRunning;
}

async function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  if (hashesRunning >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waitingForHash.push(resolve));
  else hashesRunning++;
  try {
    const N = 2 ** params.logN;
    // Node refuses more than 32 MiB by default; N = 2^17, r = 8 needs 128 MiB (128 · N · r bytes) and a little more
    const maxmem = 128 * N * params.r * params.p + 32 * 1024 * 1024;
    return await new Promise<Buffer>((resolve, reject) =>
      scryptCallback(password, salt, keyLength, { N, r: params.r, p: params.p, maxmem }, (error, key) =>
        error ? reject(error) : resolve(key),
      ),
    );
  } finally {
    // the slot passes to the next waiter as it is (the count stays), or is given back
    const next = waitingForHash.shift();
    if (next) next();
    else hashesRunning--;
  }
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
