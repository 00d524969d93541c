import { Injectable } from '@nestjs/common';
import { SystemHealthView } from '@aftersale/contracts';
import { OpsReads } from '@aftersale/server/persistence';
import { withTimeout } from '@aftersale/server/messaging';
import { RedisClient } from '../../infrastructure/redis-client';

/** `GET /ops/health`: PostgreSQL and Redis as the ops page shows them — up or down, latency, a few figures. */
@Injectable()
export class SystemHealthService {
  constructor(
    private readonly reads: OpsReads,
    private readonly redis: RedisClient,
  ) {}

  async read(): Promise<SystemHealthView> {
    const [postgres, redis] = await Promise.all([this.postgres(), this.redisHealth()]);
    return { postgres, redis };
  }

  private async postgres(): Promise<SystemHealthView['postgres']> {
    const started = Date.now();
    try {
      const row = await withTimeout(this.reads.databaseFigures(), 2000, 'PostgreSQL health');
      return { status: 'up', latencyMs: Date.now() - started, version: row.version, connections: row.connections };
    } catch {
      return { status: 'down', latencyMs: null, version: null, connections: null };
    }
  }

  private async redisHealth(): Promise<SystemHealthView['redis']> {
    const started = Date.now();
    try {
      const info = await withTimeout(this.redis.redis.info(), 2000, 'Redis health');
      const field = (name: string) => /^(.*)$/m.exec(info.split(`\r\n${name}:`)[1] ?? '')?.[1]?.trim() ?? null;
      return {
        status: 'up',
        latencyMs: Date.now() - started,
        version: field('redis_version'),
        usedMemoryBytes: Number(field('used_memory')) || null,
        connectedClients: Number(field('connected_clients')) || null,
      };
    } catch {
      return { status: 'down', latencyMs: null, version: null, usedMemoryBytes: null, connectedClients: null };
    }
  }
}
