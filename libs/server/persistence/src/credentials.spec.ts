import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, OWASP_SCRYPT, scryptParams, verifyPassword } from './credentials';

describe('password hashing at OWASP cost, with the parameters in the hash', () => {
  it('hashes new passwords with scrypt N=2^17, r=8, p=1 by default, and verifies them', async () => {
    expect(scryptParams(17)).toEqual({ logN: 17, r: 8, p: 1 });
    const hash = await hashPassword('correct horse battery', OWASP_SCRYPT);
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash, OWASP_SCRYPT)).toBe(false);
  }, 60_000);

  it('verifies the first format (scrypt$salt$hash, Node defaults) and marks it for an upgrade', async () => {
    const salt = randomBytes(16);
    const legacy = `scrypt$${salt.toString('base64')}$${scryptSync('old password', salt, 32).toString('base64')}`;
    expect(await verifyPassword('old password', legacy)).toBe(true);
    expect(await verifyPassword('wrong password', legacy)).toBe(false);
    expect(needsRehash(legacy, OWASP_SCRYPT)).toBe(true);
  });

  it('verifies a hash with the cost it names, and marks a cost other than today for an upgrade', async () => {
    const cheap = await hashPassword('a password', { logN: 10, r: 8, p: 1 });
    expect(cheap.startsWith('$scrypt$ln=10,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('a password', cheap)).toBe(true);
    expect(needsRehash(cheap, OWASP_SCRYPT)).toBe(true);
    expect(needsRehash(cheap, { logN: 10, r: 8, p: 1 })).toBe(false);
  });

  it('refuses malformed hashes instead of throwing', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x$y', '$scrypt$ln=99,r=8,p=1$c2FsdA==$aGFzaA==', '$scrypt$ln=10$a$b'])
      expect(await verifyPassword('x', stored)).toBe(false);
  });
});
