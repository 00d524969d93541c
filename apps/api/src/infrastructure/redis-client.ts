import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { failFastRedisOptions, ServerConfig } from '@aftersale/server/messaging';

/** The api's own fail-fast Redis connection (health, login throttling). */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(config: ServerConfig) {
    this.redis = new Redis(failFastRedisOptions(config.redisUrl));
    this.redis.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
