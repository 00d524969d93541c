import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { withTimeout } from '@aftersale/server/messaging';
import { RedisClient } from '../redis-client';

/** Redis answers a PING on the api's fail-fast connection within the timeout. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly client: RedisClient,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async pingCheck<Key extends string>(key: Key, timeoutMs = 1500) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(this.client.redis.ping(), timeoutMs, 'redis ping');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
