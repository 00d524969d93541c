import { Injectable } from '@nestjs/common';
import { JobState, JobView } from '@aftersale/contracts';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { jobView, queueNamed, redisCall } from '../ops-jobs';

export const MAX_JOBS_PAGE = 200;

/** `GET /ops/queues/:name/jobs?state=failed&offset=0&limit=50`: a queue's jobs in one state, newest first. */
@Injectable()
export class ListQueueJobsService {
  constructor(private readonly queues: QueueRegistry) {}

  async list(
    name: string,
    state: JobState,
    offset: number,
    limit: number,
  ): Promise<{ total: number; jobs: JobView[] }> {
    if (!Number.isInteger(offset) || offset < 0)
      throw validationFailed([{ field: 'offset', message: 'an integer ≥ 0' }]);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_JOBS_PAGE)
      throw validationFailed([{ field: 'limit', message: `an integer from 1 to ${MAX_JOBS_PAGE}` }]);
    const queue = queueNamed(this.queues, name);
    const [jobs, total] = await redisCall(
      Promise.all([queue.getJobs([state], offset, offset + limit - 1), queue.getJobCountByTypes(state)]),
      'reading jobs',
    );
    return { total, jobs: jobs.filter(Boolean).map((job) => jobView(queue.name, job, state)) };
  }
}
