import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FoundJobView, JOBS, JobName, QueueName } from '@aftersale/contracts';
import { commandJobId, jobIdFor } from '@aftersale/server/messaging';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { isUuid } from '../../infrastructure/problems/id.pipe';
import { findJob, jobView } from '../ops-jobs';

type Candidate = { queue: QueueName; jobId: string; concerns: FoundJobView['concerns'] };

const MAX_RESULTS = 200;

/**
 * `GET /ops/jobs?q=`: jobs by their id or by what they concern — a posting number, an order, case, refund
 * or command id (docs/operations.md "Finding a job"). PostgreSQL says which jobs touched the subject (job
 * ids are derived from our ids: `cmd-<command>`, `evt-<event>`, `refund-<refund>-<event>`,
 * `deadline-<case>…`); Redis is then asked for those ids only, never scanned. A job Redis no longer has
 * (removed an hour after it completed) is listed as `missing`.
 */
@Injectable()
export class FindJobsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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

    const subjects = await this.subjects(q);
    const ids = [...subjects];
    {
      const commands: { id: string; type: JobName }[] = await this.dataSource.query(
        `SELECT id::text, type FROM commands
          WHERE id::text = ANY($1) OR resource_id = ANY($1) OR payload->>'orderId' = ANY($1)
             OR payload->>'cancellationId' = ANY($1) OR payload->>'returnId' = ANY($1)
             OR payload->>'refundId' = ANY($1) OR payload->>'parcelId' = ANY($1)
             OR lower(payload->>'postingNumber') = lower($2)
          ORDER BY accepted_at DESC LIMIT ${MAX_RESULTS}`,
        [ids, q],
      );
      for (const command of commands)
        if (JOBS[command.type])
          add({
            queue: JOBS[command.type],
            jobId: commandJobId(command.id),
            concerns: { kind: 'command', id: command.id, type: command.type },
          });
      const events: { id: string; type: string; aggregate_id: string }[] = await this.dataSource.query(
        `SELECT id::text, type, aggregate_id::text FROM outbox WHERE aggregate_id::text = ANY($1) OR id::text = ANY($1)
          ORDER BY created_at DESC LIMIT ${MAX_RESULTS}`,
        [ids],
      );
      for (const event of events) {
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
      const timers: { id: string; kind: 'cancellation' | 'return'; due: Date | null }[] = await this.dataSource.query(
        `SELECT id::text, 'cancellation' AS kind, NULL::timestamptz AS due FROM cancellation_requests WHERE id::text = ANY($1)
         UNION ALL
         SELECT id::text, 'return', next_deadline_at FROM return_cases WHERE id::text = ANY($1)`,
        [ids],
      );
      for (const timer of timers) {
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
    }

    const found: FoundJobView[] = [];
    for (const candidate of [...candidates.values()].slice(0, MAX_RESULTS + Object.values(QueueName).length)) {
      const queue = this.queues.queue(candidate.queue)!;
      const job = await findJob(queue, candidate.jobId);
      if (job) found.push({ ...jobView(candidate.queue, job.job, job.state), concerns: candidate.concerns });
      else if (candidate.concerns.kind !== 'job') found.push({ ...missing(candidate), concerns: candidate.concerns });
    }
    return found;
  }

  /**
   * The ids the text stands for: the orders it names (by id or posting number), their cases and refunds,
   * or a case, refund, command or event id given directly.
   */
  private async subjects(q: string): Promise<Set<string>> {
    const subjects = new Set<string>();
    const orders: { id: string }[] = await this.dataSource.query(
      isUuid(q)
        ? `SELECT id::text FROM orders WHERE id = $2::uuid OR lower(posting_number) = lower($1) LIMIT 20`
        : `SELECT id::text FROM orders WHERE lower(posting_number) = lower($1) LIMIT 20`,
      isUuid(q) ? [q, q] : [q],
    );
    if (isUuid(q)) subjects.add(q.toLowerCase());
    const orderIds = orders.map((order) => order.id);
    orderIds.forEach((id) => subjects.add(id));
    if (orderIds.length > 0 || isUuid(q)) {
      const related: { id: string }[] = await this.dataSource.query(
        `SELECT id::text FROM cancellation_requests WHERE order_id::text = ANY($1)
         UNION SELECT id::text FROM return_cases WHERE order_id::text = ANY($1)
         UNION SELECT id::text FROM refunds WHERE order_id::text = ANY($1) OR cause_id::text = ANY($1)
         UNION SELECT id::text FROM parcels WHERE return_id::text = ANY($1)
         UNION SELECT resource_id FROM commands WHERE id::text = ANY($1) AND resource_id IS NOT NULL
         LIMIT 500`,
        [[...subjects]],
      );
      related.forEach((row) => subjects.add(row.id));
    }
    // a case id given directly: its refunds too
    if (subjects.size > 0) {
      const refunds: { id: string }[] = await this.dataSource.query(
        `SELECT id::text FROM refunds WHERE cause_id::text = ANY($1) LIMIT 200`,
        [[...subjects]],
      );
      refunds.forEach((row) => subjects.add(row.id));
    }
    return subjects;
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
