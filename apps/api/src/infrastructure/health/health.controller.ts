import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../problems/problem.exception';
import { RedisClient } from '../redis-client';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisClient,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both reachable. */
  @Get('ready')
  @Public()
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok'; database: 'up'; redis: 'up' }> {
    const [database, redis] = await Promise.all([
      this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      this.redis.redis.ping().then(
        () => true,
        () => false,
      ),
    ]);
    if (!database || !redis) {
      throw new ProblemException(
        'service-unavailable',
        `Not ready: database ${database ? 'up' : 'down'}, redis ${redis ? 'up' : 'down'}.`,
        {
          database: database ? 'up' : 'down',
          redis: redis ? 'up' : 'down',
        },
      );
    }
    return { status: 'ok', database: 'up', redis: 'up' };
  }
}
