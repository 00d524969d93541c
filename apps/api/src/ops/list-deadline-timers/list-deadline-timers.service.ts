import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeadlineTimerView, QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  async list(limit: number): Promise<DeadlineTimerView[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw validationFailed([{ field: 'limit', message: 'an integer from 1 to 200' }]);
    const rows: {
      case_type: 'cancellation' | 'return';
      case_id: string;
      seller_id: string;
      seller_name: string;
      posting_number: string;
      state: string;
      due_at: Date;
    }[] = await this.dataSource.query(
      `SELECT t.*, s.name AS seller_name FROM (
         (SELECT 'cancellation' AS case_type, id::text AS case_id, seller_id, posting_number, state, deadline_at AS due_at
            FROM cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at IS NOT NULL
            ORDER BY deadline_at LIMIT $1)
         UNION ALL
         (SELECT 'return', id::text, seller_id, posting_number, state, next_deadline_at
            FROM return_cases WHERE next_deadline_at IS NOT NULL ORDER BY next_deadline_at LIMIT $1)
       ) t JOIN sellers s ON s.id = t.seller_id ORDER BY t.due_at LIMIT $1`,
      [limit],
    );
    const deadlines = this.queues.queue(QueueName.Deadlines)!;
    return Promise.all(
      rows.map(async (row) => {
        const due = new Date(row.due_at);
        const jobId =
          row.case_type === 'cancellation'
            ? jobIdFor('deadline', row.case_id)
            : jobIdFor('deadline', row.case_id, String(due.getTime()));
        const job = await findJob(deadlines, jobId).catch(() => undefined);
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
