import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { failFastRedisOptions, ServerConfig, withTimeout } from '@aftersale/server/messaging';

/**
 * The general limit: `RATE_LIMIT_PER_SECOND` (50) requests a second on average, counted over windows of
 * `RATE_LIMIT_WINDOW_SECONDS` (1); over it, the key is refused until its window ends.
 */
export function principalRateLimit(config: Pick<ServerConfig, 'rateLimitPerSecond' | 'rateLimitWindowSeconds'>): {
  name: string;
  ttl: number;
  limit: number;
} {
  const { rateLimitPerSecond: perSecond, rateLimitWindowSeconds: windowSeconds } = config;
  return { name: 'principal', ttl: windowSeconds * 1000, limit: Math.max(1, Math.round(perSecond * windowSeconds)) };
}

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How long a request waits for its counter before it is let through uncounted. */
const COUNTER_TIMEOUT_MS = 500;

/**
 * The rate-limit counters, in Redis under the environment's prefix, so that N api processes share one
 * limit. While Redis is unreachable the limiter fails open: requests pass uncounted (reads keep working,
 * commands answer 503 on their own), and one warning is logged per outage (docs/api.md "Rate limits").
 */
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly counters: ThrottlerStorageRedisService;
  private readonly prefix: string;
  private failingOpen = false;

  constructor(config: ServerConfig) {
    this.prefix = `${config.queuePrefix}:rate-limit`;
    // Requests read in one turn of the event loop send their counters in one write (ioredis' auto-pipelining):
    // a Redis round trip per request was 6 % of the api's busy CPU under the bench (docs/benchmarks.md, 66)
    this.redis = new Redis({ ...failFastRedisOptions(config.redisUrl), enableAutoPipelining: true });
    this.redis.on('error', () => undefined);
    this.counters = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<StorageRecord> {
    try {
      const record = await withTimeout(
        this.counters.increment(`${this.prefix}:${key}`, ttl, limit, blockDuration, throttlerName),
        COUNTER_TIMEOUT_MS,
        'counting a request',
      );
      if (this.failingOpen) this.logger.log('Redis is back: requests are counted again');
      this.failingOpen = false;
      return record;
    } catch (error) {
      if (!this.failingOpen) this.logger.warn(`rate limits are not enforced while Redis is unreachable: ${error}`);
      this.failingOpen = true;
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
