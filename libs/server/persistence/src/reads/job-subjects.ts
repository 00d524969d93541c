import { DataSource } from 'typeorm';

/** A command that touched one of the subjects, newest first. */
export interface SubjectCommandRow {
  id: string;
  type: string;
}
/** An outbox event of one of the subjects (or the event itself). */
export interface SubjectEventRow {
  id: string;
  type: string;
  aggregate_id: string;
}
/** A case that may have a deadline timer; `due` is the return case's next deadline (a cancellation's job id has none). */
export interface SubjectTimerRow {
  id: string;
  kind: 'cancellation' | 'return';
  due: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What ops' job search reads (docs/operations.md "Finding a job"), provided with `onDataSource`: the ids a text
 * stands for and the commands, events and timers of those ids. Subjects are uuids and are compared as uuids, so
 * the primary keys and the `order_id`/`aggregate_id` indexes serve the search; a posting number, in any case, is
 * found by `orders_posting_number_lower` (migration 1767490000000).
 */
export class JobSubjects {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The orders, cases, refunds and parcels a text names: an id of any of them, an order's posting number, or a
   * request's correlation id (its `X-Request-Id`, which the command row keeps: the commands it sent, whose
   * resources are then subjects too; `commands_correlation`).
   */
  async of(text: string, limit = 500): Promise<Set<string>> {
    const subjects = new Set<string>();
    const id = UUID.test(text) ? text.toLowerCase() : null;
    const orders: { id: string }[] = await this.dataSource.query(
      `SELECT id::text FROM orders WHERE lower(posting_number) = lower($1) OR id = $2::uuid LIMIT 20`,
      [text, id],
    );
    const requested: { id: string }[] = await this.dataSource.query(
      `SELECT id::text FROM commands WHERE correlation_id = $1 ORDER BY accepted_at DESC LIMIT 50`,
      [text],
    );
    if (id) subjects.add(id);
    orders.forEach((order) => subjects.add(order.id));
    requested.forEach((command) => subjects.add(command.id));
    if (subjects.size === 0) return subjects;
    const related: { id: string }[] = await this.dataSource.query(
      `SELECT id::text FROM cancellation_requests WHERE order_id = ANY($1::uuid[])
       UNION SELECT id::text FROM return_cases WHERE order_id = ANY($1::uuid[])
       UNION SELECT id::text FROM refunds WHERE order_id = ANY($1::uuid[]) OR cause_id = ANY($1::uuid[])
       UNION SELECT id::text FROM parcels WHERE return_id = ANY($1::uuid[])
       UNION SELECT resource_id FROM commands WHERE id = ANY($1::uuid[]) AND resource_id IS NOT NULL
       LIMIT ${limit}`,
      [[...subjects]],
    );
    related.forEach((row) => UUID.test(row.id) && subjects.add(row.id));
    // a case given directly (or found above): its refunds too
    const refunds: { id: string }[] = await this.dataSource.query(
      `SELECT id::text FROM refunds WHERE cause_id = ANY($1::uuid[]) LIMIT 200`,
      [[...subjects]],
    );
    refunds.forEach((row) => subjects.add(row.id));
    return subjects;
  }

  /**
   * Commands about the subjects (their own id, their resource, an id in their payload) or the posting number: a scan
   * of the commands kept, since no index has the payload's fields (docs/benchmarks.md, 45 and 47).
   */
  commands(subjects: string[], postingNumber: string, limit: number): Promise<SubjectCommandRow[]> {
    return this.dataSource.query(
      `SELECT id::text, type FROM commands
        WHERE id = ANY($1::uuid[]) OR resource_id = ANY($3::text[]) OR payload->>'orderId' = ANY($3::text[])
           OR payload->>'cancellationId' = ANY($3::text[]) OR payload->>'returnId' = ANY($3::text[])
           OR payload->>'refundId' = ANY($3::text[]) OR payload->>'parcelId' = ANY($3::text[])
           OR lower(payload->>'postingNumber') = lower($2)
        ORDER BY accepted_at DESC LIMIT ${limit}`,
      [subjects, postingNumber, subjects],
    );
  }

  /** The subjects' outbox events, and an event given by its own id. */
  events(subjects: string[], limit: number): Promise<SubjectEventRow[]> {
    return this.dataSource.query(
      `SELECT id::text, type, aggregate_id::text FROM outbox
        WHERE aggregate_id = ANY($1::uuid[]) OR id = ANY($1::uuid[])
        ORDER BY created_at DESC LIMIT ${limit}`,
      [subjects],
    );
  }

  /** The cancellation requests and return cases among the subjects, whose deadline timers may exist. */
  timers(subjects: string[]): Promise<SubjectTimerRow[]> {
    return this.dataSource.query(
      `SELECT id::text, 'cancellation' AS kind, NULL::timestamptz AS due FROM cancellation_requests WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT id::text, 'return', next_deadline_at FROM return_cases WHERE id = ANY($1::uuid[])`,
      [subjects],
    );
  }
}
