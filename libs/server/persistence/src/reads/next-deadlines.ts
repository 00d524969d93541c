import { DataSource } from 'typeorm';

/** A decision deadline still to come or overdue, with its seller's name (the api adds its timer job's state). */
export interface NextDeadlineRow {
  case_type: 'cancellation' | 'return';
  case_id: string;
  seller_id: string;
  seller_name: string;
  posting_number: string;
  state: string;
  due_at: Date;
}

/** The next decision deadlines across sellers (docs/operations.md), provided with `onDataSource`. */
export class NextDeadlines {
  constructor(private readonly dataSource: DataSource) {}

  /** At most `limit`, the earliest first: awaiting cancellation requests and return cases with a next deadline. */
  list(limit: number): Promise<NextDeadlineRow[]> {
    return this.dataSource.query(
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
  }
}
