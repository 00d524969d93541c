import { Injectable } from '@nestjs/common';

/** How long a user's or channel key's row is trusted: "within a second" on every api process. */
export const CREDENTIAL_CACHE_MS = 1000;

/**
 * The rows the auth guard reads for each request (the user's status and role, the channel key's
 * revocation), kept for at most a second and shared by concurrent requests: a burst of a console page's
 * requests costs one lookup, and a change reaches every api process within a second. The process that makes a
 * change (disable, role, password reset) forgets the entry at once. It also keeps the claims of a bearer token whose
 * signature it has checked (the guard checks the expiry on each request).
 */
@Injectable()
export class CredentialCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < CREDENTIAL_CACHE_MS) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { at: now, value });
    // a failed lookup (database down) is not kept
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    if (this.entries.size > 10_000) this.prune(now);
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.at >= CREDENTIAL_CACHE_MS) this.entries.delete(key);
  }
}
