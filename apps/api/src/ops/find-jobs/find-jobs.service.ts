import { Injectable } from '@nestjs/common';
import { FoundJobView, JOBS, JobName, QueueName } from '@aftersale/contracts';
import { commandJobId, jobIdFor } from '@aftersale/server/messaging';
import { JobSubjects } from '@aftersale/server/persistence';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { findJob, jobView } from '../ops-jobs';

type Candidate = { queue: QueueName; jobId: string; concerns: FoundJobView['concerns'] };

const MAX_RESULTS = 200;

/**
 * `GET /ops/jobs?q=`: jobs by their id or by what they concern — a posting number, an order, case, refund
 * or command id (docs/operations.md "Finding a job"). PostgreSQL says which jobs touched the subject (job
 * ids are derived from our ids: `cmd-<command>`, `evt-<event>`, `refund-<refund>-<event>` (a failed payment's retry),
 * `deadline-<case>…`); Redis is then asked for those ids only, never scanned. A job Redis no longer has
 * (removed an hour after it completed) is listed as `missing`.
 */
@Injectable()
export class FindJobsService {
  constructor(
    private readonly subjects: JobSubjects,
    private readonly queues: QueueRegistry,
  ) {}

  async find(raw: unknown): Promise<FoundJobView[]> {
    const q = typeof raw === 'string' ? raw.trim() : '';
    if (q.length < 1 || q.length > 200) throw validationFailed([{ field: 'q', message: '1 to 200 characters' }]);
    const candidates = new Map<string, Candidate>();
    const add = (candidate: Candidate) => candidates.set(`${candidate.queue}/${candidate.jobId}`, candidate);

    // the text may be a job id itself, in any queue
    for (const queue of Object.values(QueueName))
      add({ queue, jobId: q, concerns: { kind: 'job', id: q, type: null } });

    const ids = [...(await this.subjects.of(q))];
    for (const command of await this.subjects.commands(ids, q, MAX_RESULTS)) {
      const type = command.type as JobName;
      if (JOBS[type])
        add({
          queue: JOBS[type],
          jobId: commandJobId(command.id),
          concerns: { kind: 'command', id: command.id, type },
        });
    }
    for (const event of await this.subjects.events(ids, MAX_RESULTS)) {
      add({
        queue: QueueName.Events,
        jobId: jobIdFor('evt', event.id),
        concerns: { kind: 'event', id: event.id, type: event.type },
      });
      if (event.type === 'RefundCreated' || event.type === 'RefundRetryRequested')
        add({
          queue: QueueName.Refunds,
          jobId: jobIdFor('refund', event.aggregate_id, event.id),
          concerns: { kind: 'refund', id: event.aggregate_id, type: JobName.ExecuteRefund },
        });
    }
    for (const timer of await this.subjects.timers(ids)) {
      if (timer.kind === 'cancellation')
        add({
          queue: QueueName.Deadlines,
          jobId: jobIdFor('deadline', timer.id),
          concerns: { kind: 'deadline', id: timer.id, type: JobName.CancellationDeadline },
        });
      else if (timer.due)
        add({
          queue: QueueName.Deadlines,
          jobId: jobIdFor('deadline', timer.id, String(new Date(timer.due).getTime())),
          concerns: { kind: 'deadline', id: timer.id, type: JobName.ReturnDeadline },
        });
    }

    const found: FoundJobView[] = [];
    for (const candidate of [...candidates.values()].slice(0, MAX_RESULTS + Object.values(QueueName).length)) {
      const queue = this.queues.queue(candidate.queue)!;
      const job = await findJob(queue, candidate.jobId);
      if (job) found.push({ ...jobView(candidate.queue, job.job, job.state), concerns: candidate.concerns });
      // a refund's ExecuteRefund job exists only when its first attempt, in the event's job, failed: no `missing` row
      else if (candidate.concerns.kind !== 'job' && candidate.concerns.kind !== 'refund')
        found.push({ ...missing(candidate), concerns: candidate.concerns });
    }
    return found;
  }
}

function missing(candidate: Candidate): Omit<FoundJobView, 'concerns'> {
  return {
    queue: candidate.queue,
    id: candidate.jobId,
    name: candidate.concerns.type ?? '',
    state: 'missing',
    data: null,
    attemptsMade: 0,
    attempts: 0,
    failedReason: null,
    stacktrace: [],
    createdAt: null,
    processedAt: null,
    finishedAt: null,
    dueAt: null,
    correlationId: null,
  };
}
