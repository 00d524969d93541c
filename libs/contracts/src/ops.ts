/**
 * The ops endpoints' shapes (`/api/v1/ops/...`, ops role only; docs/api.md "Ops" and docs/operations.md).
 * Times are ISO strings; ages and lags are seconds.
 */
/** BullMQ's job states (a paused queue keeps its jobs `waiting`: see QueueOverview.paused). */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueOverview {
  name: string;
  counts: Record<JobState, number>;
  /** jobs completed and failed per minute, the last 60 minutes, oldest first (BullMQ worker metrics) */
  throughput: { completed: number[]; failed: number[] };
  /** age of the oldest job waiting to be taken; null when none waits */
  oldestWaitingSeconds: number | null;
  /** workers connected to the queue */
  workers: number;
  paused: boolean;
}

export interface JobView {
  queue: string;
  id: string;
  name: string;
  state: JobState | 'missing' | 'unknown';
  data: Record<string, unknown> | null;
  attemptsMade: number;
  attempts: number;
  failedReason: string | null;
  stacktrace: string[];
  createdAt: string | null;
  processedAt: string | null;
  finishedAt: string | null;
  /** when a delayed job becomes due */
  dueAt: string | null;
  correlationId: string | null;
}

/** A job found by `GET /ops/jobs?q=`, with what our records say it concerns. */
export interface FoundJobView extends JobView {
  concerns: { kind: 'command' | 'event' | 'refund' | 'deadline' | 'job'; id: string; type: string | null };
}

export interface BulkJobResult {
  queue: string;
  count: number;
}

export interface DeadlineTimerView {
  caseType: 'cancellation' | 'return';
  caseId: string;
  sellerId: string;
  sellerName: string;
  postingNumber: string;
  state: string;
  dueAt: string;
  jobId: string;
  jobState: JobState | 'missing' | 'unknown';
}

export interface OutboxLagView {
  /** events committed but not yet put on the events queue */
  unpublished: number;
  /** age of the oldest of them (the relay's lag); 0 when none */
  lagSeconds: number;
  /** events published but not yet handled */
  unprocessed: number;
  /** age of the oldest published, unhandled event; 0 when none */
  processingLagSeconds: number;
}

export interface FailedCommandView {
  id: string;
  type: string;
  sellerId: string | null;
  /** failed: given up for a reason that is not a rule (an outage, a bug); accepted: not done long after acceptance */
  state: 'failed' | 'accepted';
  acceptedAt: string;
  completedAt: string | null;
  resourceType: string | null;
  resourceId: string | null;
  problem: Record<string, unknown> | null;
  correlationId: string | null;
  jobId: string;
  queue: string | null;
}

export interface DeadlineBreachView {
  sellerId: string;
  sellerName: string;
  /** decided by the deadline timer, not by the seller, last 30 days */
  cancellations30d: number;
  returns30d: number;
  /** open right now with the deadline passed */
  overdueNow: number;
  total: number;
}

export interface SellerReliabilityView {
  sellerId: string;
  sellerName: string;
  orders30d: number;
  /** cancelled orders over orders created, last 30 days; null without orders */
  cancellationRate: number | null;
  /** requests and cases decided by the seller before their deadline, over all that waited for the seller */
  decidedInTimeShare: number | null;
  medianDecisionMinutes: number | null;
  /** return cases opened over orders delivered, last 30 days */
  returnRate: number | null;
  /** defect claims over orders delivered, last 30 days */
  defectRate: number | null;
  /** disputes ops decided for the seller (rejection upheld) and against it, last 30 days */
  disputesWon: number;
  disputesLost: number;
}

export interface SystemHealthView {
  postgres: { status: 'up' | 'down'; latencyMs: number | null; version: string | null; connections: number | null };
  redis: {
    status: 'up' | 'down';
    latencyMs: number | null;
    version: string | null;
    usedMemoryBytes: number | null;
    connectedClients: number | null;
  };
}

export interface OpsSessionView {
  /** where bull-board answers with the cookie just set */
  url: string;
  expiresAt: string;
}
