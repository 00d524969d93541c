import { Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import {
  BulkJobResult,
  DeadlineBreachView,
  DeadlineTimerView,
  FailedCommandView,
  FoundJobView,
  JobView,
  OutboxLagView,
  QueueOverview,
  SellerReliabilityView,
  SystemHealthView,
} from '@aftersale/contracts';
import { SellerDecisionReads } from '@aftersale/server/persistence';
import { Allow } from '../infrastructure/auth/auth.decorators';
import { validationFailed } from '../infrastructure/problems/problem.exception';
import { jobStateParam } from './ops-jobs';
import { ListQueuesService } from './list-queues/list-queues.service';
import { ListQueueJobsService } from './list-queue-jobs/list-queue-jobs.service';
import { RetryJobsService } from './retry-jobs/retry-jobs.service';
import { DiscardJobsService } from './discard-jobs/discard-jobs.service';
import { FindJobsService } from './find-jobs/find-jobs.service';
import { ListDeadlineTimersService } from './list-deadline-timers/list-deadline-timers.service';
import { OutboxLagService } from './outbox-lag/outbox-lag.service';
import { ListFailedCommandsService } from './list-failed-commands/list-failed-commands.service';
import { SystemHealthService } from './system-health/system-health.service';

function intParam(raw: unknown, field: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value)) throw validationFailed([{ field, message: 'an integer' }]);
  return value;
}

/** The ops role's view of the running system (docs/api.md "Ops", docs/operations.md). */
@ApiTags('ops')
@ApiSecurity('bearer')
@Controller('v1/ops')
@Allow('ops')
export class OpsController {
  constructor(
    private readonly queues: ListQueuesService,
    private readonly queueJobs: ListQueueJobsService,
    private readonly retries: RetryJobsService,
    private readonly discards: DiscardJobsService,
    private readonly search: FindJobsService,
    private readonly timers: ListDeadlineTimersService,
    private readonly outbox: OutboxLagService,
    private readonly failedCommands: ListFailedCommandsService,
    private readonly decisions: SellerDecisionReads,
    private readonly health: SystemHealthService,
  ) {}

  @Get('queues')
  listQueues(): Promise<QueueOverview[]> {
    return this.queues.list();
  }

  @Get('queues/:name/jobs')
  async listJobs(
    @Param('name') name: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JobView[]> {
    const offset = intParam(query.offset, 'offset', 0);
    const limit = intParam(query.limit, 'limit', 50);
    const { total, jobs } = await this.queueJobs.list(name, jobStateParam(query.state), offset, limit);
    response.setHeader('Content-Range', `jobs ${offset}-${offset + Math.max(jobs.length - 1, 0)}/${total}`);
    return jobs;
  }

  @Post('queues/:name/jobs/:jobId/retry')
  @HttpCode(200)
  retryJob(@Param('name') name: string, @Param('jobId') jobId: string): Promise<JobView> {
    return this.retries.retryOne(name, jobId);
  }

  @Delete('queues/:name/jobs/:jobId')
  @HttpCode(204)
  async discardJob(@Param('name') name: string, @Param('jobId') jobId: string): Promise<void> {
    await this.discards.discardOne(name, jobId);
  }

  @Post('queues/:name/failed/retry')
  @HttpCode(200)
  retryFailed(@Param('name') name: string): Promise<BulkJobResult> {
    return this.retries.retryFailed(name);
  }

  @Delete('queues/:name/failed')
  @HttpCode(200)
  discardFailed(@Param('name') name: string): Promise<BulkJobResult> {
    return this.discards.discardFailed(name);
  }

  @Get('jobs')
  findJobs(@Query('q') q: unknown): Promise<FoundJobView[]> {
    return this.search.find(q);
  }

  @Get('deadlines')
  deadlines(@Query('limit') limit: unknown): Promise<DeadlineTimerView[]> {
    return this.timers.list(intParam(limit, 'limit', 50));
  }

  @Get('outbox')
  outboxLag(): Promise<OutboxLagView> {
    return this.outbox.read();
  }

  @Get('commands/failed')
  listFailedCommands(@Query('limit') limit: unknown): Promise<FailedCommandView[]> {
    return this.failedCommands.list(intParam(limit, 'limit', 100));
  }

  @Get('deadline-breaches')
  deadlineBreaches(): Promise<DeadlineBreachView[]> {
    return this.decisions.breaches();
  }

  @Get('sellers/reliability')
  sellerReliability(): Promise<SellerReliabilityView[]> {
    return this.decisions.reliability();
  }

  @Get('health')
  systemHealth(): Promise<SystemHealthView> {
    return this.health.read();
  }
}
