// the module object itself (a namespace import would be a copy, and a spy on it would see nothing)
import crypto, { randomBytes, scryptSync } from 'node:crypto';
import {
  DEFAULT_SCRYPT,
  hashesInFlight,
  hashPassword,
  MAX_CONCURRENT_HASHES,
  needsRehash,
  scryptParams,
  verifyPassword,
} from './credentials';

describe('password hashing at OWASP strength, with the parameters in the hash', () => {
  it('hashes new passwords with scrypt N=2^15, r=8, p=3 by default (OWASP, 32 MiB a hash), and verifies them', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ logN: 15, r: 8, p: 3 });
    expect(scryptParams(15)).toEqual(DEFAULT_SCRYPT);
    const hash = await hashPassword('correct horse battery', DEFAULT_SCRYPT);
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash, DEFAULT_SCRYPT)).toBe(false);
  }, 30_000);

  it('takes p from OWASP’s table of equal-strength settings for N = 2^13 to 2^17, and p = 1 outside it', () => {
    const p = (logN: number) => scryptParams(logN).p;
    expect([17, 16, 15, 14, 13].map(p)).toEqual([1, 2, 3, 5, 10]);
    expect([10, 12, 18].map(p)).toEqual([1, 1, 1]);
    for (const logN of [10, 13, 17]) expect(scryptParams(logN).r).toBe(8);
  });

  it('verifies a hash made at the former default (N=2^17, r=8, p=1) with its own parameters, and marks it for an upgrade', async () => {
    const former = await hashPassword('an older password', { logN: 17, r: 8, p: 1 });
    expect(former.startsWith('$scrypt$ln=17,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('an older password', former)).toBe(true);
    expect(await verifyPassword('an older passworD', former)).toBe(false);
    expect(needsRehash(former, DEFAULT_SCRYPT)).toBe(true);
  }, 60_000);

  it('verifies the first format (scrypt$salt$hash, Node defaults) and marks it for an upgrade', async () => {
    const salt = randomBytes(16);
    const legacy = `scrypt$${salt.toString('base64')}$${scryptSync('old password', salt, 32).toString('base64')}`;
    expect(await verifyPassword('old password', legacy)).toBe(true);
    expect(await verifyPassword('wrong password', legacy)).toBe(false);
    expect(needsRehash(legacy, DEFAULT_SCRYPT)).toBe(true);
  });

  it('verifies a hash with the cost it names, and marks a cost other than today for an upgrade', async () => {
    const cheap = await hashPassword('a password', { logN: 10, r: 8, p: 1 });
    expect(cheap.startsWith('$scrypt$ln=10,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('a password', cheap)).toBe(true);
    expect(needsRehash(cheap, DEFAULT_SCRYPT)).toBe(true);
    expect(needsRehash(cheap, { logN: 10, r: 8, p: 1 })).toBe(false);
  });

  it('refuses malformed hashes instead of throwing', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x$y', '$scrypt$ln=99,r=8,p=1$c2FsdA==$aGFzaA==', '$scrypt$ln=10$a$b'])
      expect(await verifyPassword('x', stored)).toBe(false);
  });

  it('runs at most MAX_CONCURRENT_HASHES scrypt computations at once; the others wait their turn and still finish', async () => {
    expect(MAX_CONCURRENT_HASHES).toBe(2);
    let running = 0;
    let most = 0;
    const real = crypto.scrypt;
    const spy = jest.spyOn(crypto, 'scrypt').mockImplementation(((...args: any[]) => {
      const done = args[args.length - 1] as (error: Error | null, key: Buffer) => void;
      most = Math.max(most, ++running);
      return (real as (...a: any[]) => void)(...args.slice(0, -1), (error: Error | null, key: Buffer) => {
        running--;
        done(error, key);
      });
    }) as typeof crypto.scrypt);
    try {
      const hashes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => hashPassword(`password ${i}`, { logN: 12, r: 8, p: 1 })),
      );
      expect(spy).toHaveBeenCalledTimes(6);
      expect(most).toBe(MAX_CONCURRENT_HASHES);
      expect(hashesInFlight()).toBe(0);
      const verified = await Promise.all(hashes.map((hash, i) => verifyPassword(`password ${i}`, hash)));
      expect(verified).toEqual([true, true, true, true, true, true]);
      expect(most).toBe(MAX_CONCURRENT_HASHES);
    } finally {
      spy.mockRestore();
    }
  });
});
