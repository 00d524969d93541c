/**
 * A token bucket per Client-Id: Ozon limits each seller account's requests per second, so every call of one
 * account in this process waits its turn, and bursts stay within the account's limit. One process; where
 * several workers import for one account, give each a share of the limit (docs/ozon.md#the-client, "Rate limits").
 */
export class PerSellerRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(perSecond > 0)) throw new Error('the Ozon rate limit must be positive');
  }

  async take(clientId: string): Promise<void> {
    for (;;) {
      const bucket = this.refill(clientId);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000));
    }
  }

  private refill(clientId: string) {
    const now = this.now();
    const bucket = this.buckets.get(clientId) ?? { tokens: this.perSecond, refilledAt: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.perSecond);
    bucket.refilledAt = now;
    this.buckets.set(clientId, bucket);
    return bucket;
  }
}
