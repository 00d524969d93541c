import { JobsOptions } from 'bullmq';
import { JobName } from '@aftersale/contracts';
import { ServerConfig } from './server-config';

/**
 * Infrastructure failures retry with exponential backoff (with jitter); refusals never reach this.
 * JOB_ATTEMPTS (8) and JOB_BACKOFF_MS (500, doubled per attempt) tune it (README "Operating Aftersale").
 */
export function defaultJobOptions(config: Pick<ServerConfig, 'jobAttempts' | 'jobBackoffMs'>): JobsOptions {
  return {
    attempts: config.jobAttempts,
    backoff: { type: 'exponential', delay: config.jobBackoffMs, jitter: 0.5 },
    removeOnComplete: { age: 3600, count: 5000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/**
 * BullMQ job ids may neither contain ':' nor be all digits (docs/architecture.md#derived-job-ids): ids are derived
 * from our uuids with a readable prefix.
 */
export function jobIdFor(kind: 'cmd' | 'evt' | 'refund' | 'deadline', id: string, suffix?: string): string {
  const jobId = [kind, id, suffix].filter(Boolean).join('-');
  if (jobId.includes(':')) throw new Error(`Job id may not contain ':' (${jobId})`);
  return jobId;
}

export function commandJobId(commandId: string): string {
  return jobIdFor('cmd', commandId);
}

export type { JobName };
