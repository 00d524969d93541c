import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../problems/problem.exception';
import { RedisHealthIndicator } from './redis.health';

/**
 * Health checks through @nestjs/terminus (docs/api.md "Health and metrics"): liveness says the process answers;
 * readiness says PostgreSQL and Redis both answer, else 503 service-unavailable as a problem document naming
 * which one is down (`database`, `redis`: `up` | `down`).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** Liveness: the process answers; it checks nothing else, so a dependency's outage never restarts the api. */
  @Get()
  @Public()
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: PostgreSQL and Redis both reachable. */
  @Get('ready')
  @Public()
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1500 }),
        () => this.redis.pingCheck('redis'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const details = (error.getResponse() as HealthCheckResult).details;
      const database = details.database?.status ?? 'down';
      const redis = details.redis?.status ?? 'down';
      throw new ProblemException('service-unavailable', `Not ready: database ${database}, redis ${redis}.`, {
        database,
        redis,
        details,
      });
    }
  }
}
