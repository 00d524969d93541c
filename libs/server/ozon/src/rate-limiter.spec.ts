import { PerSellerRateLimiter } from './rate-limiter';

describe('the per-seller rate limit', () => {
  it('lets a burst up to the limit through, then spaces calls at the limit, per Client-Id', async () => {
    let now = 0;
    const waited: number[] = [];
    const limiter = new PerSellerRateLimiter(
      2,
      () => now,
      async (ms) => {
        waited.push(ms);
        now += ms;
      },
    );
    await limiter.take('A');
    await limiter.take('A');
    expect(waited).toEqual([]);
    await limiter.take('A');
    expect(waited).toEqual([500]);
    // another account has its own bucket
    await limiter.take('B');
    await limiter.take('B');
    expect(waited).toEqual([500]);
  });
});
