import { Injectable } from '@nestjs/common';
import { DeadlineTimerView, QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { NextDeadlines } from '@aftersale/server/persistence';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { findJob } from '../ops-jobs';

/**
 * `GET /ops/deadlines?limit=50`: the next decision deadlines across sellers (from PostgreSQL, where they
 * are kept), each with its timer job's state in Redis — `missing` means the recovery sweep will re-arm it.
 */
@Injectable()
export class ListDeadlineTimersService {
  constructor(
    private readonly deadlines: NextDeadlines,
    private readonly queues: QueueRegistry,
  ) {}

  async list(limit: number): Promise<DeadlineTimerView[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw validationFailed([{ field: 'limit', message: 'an integer from 1 to 200' }]);
    const rows = await this.deadlines.list(limit);
    const timers = this.queues.queue(QueueName.Deadlines)!;
    return Promise.all(
      rows.map(async (row) => {
        const due = new Date(row.due_at);
        const jobId =
          row.case_type === 'cancellation'
            ? jobIdFor('deadline', row.case_id)
            : jobIdFor('deadline', row.case_id, String(due.getTime()));
        const job = await findJob(timers, jobId).catch(() => undefined);
        return {
          caseType: row.case_type,
          caseId: row.case_id,
          sellerId: row.seller_id,
          sellerName: row.seller_name,
          postingNumber: row.posting_number,
          state: row.state,
          dueAt: due.toISOString(),
          jobId,
          jobState: job === undefined ? 'unknown' : (job?.state ?? 'missing'),
        };
      }),
    );
  }
}
