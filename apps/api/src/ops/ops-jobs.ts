import { Job, Queue } from 'bullmq';
import { JOB_STATES, JobState, JobView } from '@aftersale/contracts';
import { withTimeout } from '@aftersale/server/messaging';
import { QueueRegistry } from '../infrastructure/commands/queue-registry';
import { notFound, validationFailed } from '../infrastructure/problems/problem.exception';

/** Redis calls of the ops endpoints are bounded: an outage answers 503, never a hung request. */
export const REDIS_TIMEOUT_MS = 3000;

export function redisCall<T>(promise: Promise<T>, what: string): Promise<T> {
  return withTimeout(promise, REDIS_TIMEOUT_MS, what);
}

export function queueNamed(queues: QueueRegistry, name: string): Queue {
  const queue = queues.queue(name);
  if (!queue) throw notFound('queue');
  return queue;
}

export function jobStateParam(raw: unknown): JobState {
  const state = raw ?? 'failed';
  if (typeof state !== 'string' || !(JOB_STATES as readonly string[]).includes(state))
    throw validationFailed([{ field: 'state', message: `one of ${JOB_STATES.join(', ')}` }]);
  return state as JobState;
}

const iso = (ms: number | undefined | null) => (ms ? new Date(ms).toISOString() : null);

/** BullMQ's "wait" is our "waiting"; anything unexpected is "unknown". */
export function stateOf(raw: string): JobView['state'] {
  if (raw === 'wait') return 'waiting';
  return (JOB_STATES as readonly string[]).includes(raw) ? (raw as JobState) : 'unknown';
}

export function jobView(queue: string, job: Job, state: JobView['state']): JobView {
  const data = (job.data ?? null) as Record<string, unknown> | null;
  return {
    queue,
    id: String(job.id),
    name: job.name,
    state,
    data,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    failedReason: job.failedReason ?? null,
    stacktrace: job.stacktrace ?? [],
    createdAt: iso(job.timestamp),
    processedAt: iso(job.processedOn),
    finishedAt: iso(job.finishedOn),
    dueAt: job.delay ? iso(job.timestamp + job.delay) : null,
    correlationId: typeof data?.correlationId === 'string' ? data.correlationId : null,
  };
}

/** One job by id with its state; null when Redis no longer has it. */
export async function findJob(queue: Queue, jobId: string): Promise<{ job: Job; state: JobView['state'] } | null> {
  const job = await redisCall(queue.getJob(jobId), 'reading a job');
  if (!job) return null;
  return { job, state: stateOf(await redisCall(job.getState(), 'reading a job state')) };
}
