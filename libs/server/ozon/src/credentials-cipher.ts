import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1:';

/**
 * Marketplace Api-Keys at rest: AES-256-GCM with a 32-byte key from the environment
 * (`MARKETPLACE_SECRET_KEY`, base64), a fresh 12-byte IV per value, and the seller id as associated data, so
 * a ciphertext copied onto another seller's row does not decrypt (docs/ozon.md#connection).
 */
export class CredentialsCipher {
  private constructor(private readonly key: Buffer) {}

  /** null when no key is configured (the connector is then off); throws on a key that is not 32 bytes */
  static fromEnvironment(value: string | undefined): CredentialsCipher | null {
    if (!value) return null;
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32) throw new Error('MARKETPLACE_SECRET_KEY must be 32 bytes, base64-encoded');
    return new CredentialsCipher(key);
  }

  encrypt(plain: string, sellerId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(sellerId));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(stored: string, sellerId: string): string {
    if (!stored.startsWith(VERSION)) throw new Error('unknown credentials format');
    const raw = Buffer.from(stored.slice(VERSION.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(sellerId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
