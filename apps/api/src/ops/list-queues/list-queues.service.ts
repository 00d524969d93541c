import { Injectable } from '@nestjs/common';
import { Metrics, Queue } from 'bullmq';
import { JOB_STATES, JobState, QueueOverview } from '@aftersale/contracts';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { redisCall } from '../ops-jobs';

const MINUTES = 60;

/**
 * `GET /ops/queues`: every queue's counts by state, throughput per minute over the last hour (the worker
 * records it: BullMQ's `metrics` option, see QueueWorkers), the oldest waiting job's age and the workers.
 */
@Injectable()
export class ListQueuesService {
  constructor(private readonly queues: QueueRegistry) {}

  list(): Promise<QueueOverview[]> {
    return Promise.all(this.queues.all.map((queue) => this.overview(queue)));
  }

  async overview(queue: Queue): Promise<QueueOverview> {
    const [counts, completed, failed, oldest, workers, paused] = await redisCall(
      Promise.all([
        queue.getJobCounts(...JOB_STATES),
        queue.getMetrics('completed', 0, MINUTES - 1),
        queue.getMetrics('failed', 0, MINUTES - 1),
        queue.getJobs(['wait'], 0, 0, true),
        queue.getWorkersCount(),
        queue.isPaused(),
      ]),
      'reading the queues',
    );
    const oldestWaiting = oldest[0];
    return {
      name: queue.name,
      counts: Object.fromEntries(JOB_STATES.map((state) => [state, counts[state] ?? 0])) as Record<JobState, number>,
      throughput: { completed: perMinute(completed), failed: perMinute(failed) },
      oldestWaitingSeconds: oldestWaiting ? Math.max(0, (Date.now() - oldestWaiting.timestamp) / 1000) : null,
      workers,
      paused,
    };
  }
}

/**
 * BullMQ keeps finished minutes newest first in `data`, and counts the minute in progress in `meta`
 * (`count - prevCount` since the last minute was written at `prevTS`). The view is oldest first, 60 long.
 */
export function perMinute(metrics: Metrics, now = Date.now()): number[] {
  const { count, prevTS, prevCount } = metrics.meta;
  const unwritten = Math.max(0, Number(count) - Number(prevCount) || 0);
  const gap = prevTS ? Math.max(0, Math.floor((now - Number(prevTS)) / 60_000)) : 0;
  const newestFirst = [...Array(Math.min(gap, MINUTES)).fill(0), unwritten, ...metrics.data.map((v) => Number(v) || 0)];
  const points = newestFirst.slice(0, MINUTES);
  while (points.length < MINUTES) points.push(0);
  return points.reverse();
}
