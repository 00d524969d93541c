import { JobSubjects, NextDeadlines, onDataSource, OpsReads, SellerDecisionReads } from '@aftersale/server/persistence';
import { OpsController } from './ops.controller';
import { OpsSessionController } from './ops-session/ops-session.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { ListQueuesService } from './list-queues/list-queues.service';
import { ListQueueJobsService } from './list-queue-jobs/list-queue-jobs.service';
import { RetryJobsService } from './retry-jobs/retry-jobs.service';
import { DiscardJobsService } from './discard-jobs/discard-jobs.service';
import { FindJobsService } from './find-jobs/find-jobs.service';
import { ListDeadlineTimersService } from './list-deadline-timers/list-deadline-timers.service';
import { OutboxLagService } from './outbox-lag/outbox-lag.service';
import { ListFailedCommandsService } from './list-failed-commands/list-failed-commands.service';
import { SystemHealthService } from './system-health/system-health.service';

/** The ops part of the api (docs/operations.md), spread into AppModule. */
export const OPS_CONTROLLERS = [OpsController, OpsSessionController];
export const OPS_PROVIDERS = [
  ApiMetrics,
  ListQueuesService,
  ListQueueJobsService,
  RetryJobsService,
  DiscardJobsService,
  FindJobsService,
  ListDeadlineTimersService,
  OutboxLagService,
  ListFailedCommandsService,
  onDataSource(SellerDecisionReads),
  onDataSource(NextDeadlines),
  onDataSource(JobSubjects),
  onDataSource(OpsReads),
  SystemHealthService,
];
