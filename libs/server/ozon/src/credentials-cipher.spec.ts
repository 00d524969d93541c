import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from './credentials-cipher';

describe('Api-Keys at rest (AES-256-GCM)', () => {
  const cipher = CredentialsCipher.fromEnvironment(randomBytes(32).toString('base64'))!;

  it('stores no trace of the key in clear and reads it back for the same seller', () => {
    const stored = cipher.encrypt('demo-ozon-api-key', 'seller-a');
    expect(stored).not.toContain('demo-ozon-api-key');
    expect(Buffer.from(stored.slice(3), 'base64').toString('latin1')).not.toContain('demo-ozon');
    expect(cipher.decrypt(stored, 'seller-a')).toBe('demo-ozon-api-key');
  });

  it('never encrypts the same key to the same text twice', () => {
    expect(cipher.encrypt('k', 's')).not.toBe(cipher.encrypt('k', 's'));
  });

  it('refuses a ciphertext moved to another seller or altered', () => {
    const stored = cipher.encrypt('demo-ozon-api-key', 'seller-a');
    expect(() => cipher.decrypt(stored, 'seller-b')).toThrow();
    const bytes = Buffer.from(stored.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => cipher.decrypt('v1:' + bytes.toString('base64'), 'seller-a')).toThrow();
  });

  it('is off without a key and refuses a key of the wrong length', () => {
    expect(CredentialsCipher.fromEnvironment(undefined)).toBeNull();
    expect(() => CredentialsCipher.fromEnvironment(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
