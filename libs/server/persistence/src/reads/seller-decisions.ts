import { DataSource } from 'typeorm';
import { DeadlineBreachView, ORDER_STATUSES, SellerReliabilityView } from '@aftersale/contracts';

/**
 * Every decision that waited for a seller in the last 30 days, cancellations and return cases alike:
 * seller, created, decided, deadline, decided_by (a user id, `system` or `deadline`). Shared by the
 * deadline-breach and the reliability queries (docs/operations.md "Seller reliability").
 *
 * A return case's decision is in its snapshot's JSON, which no index holds; every decision leaves the case's
 * `requested` state, though, and so an entry in `audit_events_seller_decisions` at its time (migration
 * 1767540000000). The cases are found seller by seller through it, then read and filtered on their snapshot as
 * before, instead of every case's snapshot being read (docs/benchmarks.md, 56).
 */
const SELLER_DECISIONS_30D = `
  SELECT seller_id, created_at, decided_at, deadline_at, decided_by, 'cancellation' AS case_type
    FROM cancellation_requests
   WHERE decided_at >= now() - interval '30 days' AND decided_by IS NOT NULL
  UNION ALL
  SELECT r.seller_id, r.created_at, (r.snapshot->>'decidedAt')::timestamptz,
         (r.snapshot->>'decisionDeadlineAt')::timestamptz, r.snapshot->>'decidedBy', 'return'
    FROM sellers s
   CROSS JOIN LATERAL (
     SELECT DISTINCT a.case_id FROM audit_events a
      WHERE a.seller_id = s.id AND a.at >= now() - interval '30 days'
        AND a.case_type = 'return' AND a.from_state = 'requested') d
    JOIN return_cases r ON r.id = d.case_id
   WHERE (r.snapshot->>'decidedAt')::timestamptz >= now() - interval '30 days' AND r.snapshot->>'decidedBy' IS NOT NULL`;

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The ops reads over sellers' decisions (docs/operations.md), provided with `onDataSource`. */
export class SellerDecisionReads {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `GET /ops/deadline-breaches`: per seller, the requests and cases the deadline timer decided instead of
   * the seller in the last 30 days, and those open past their deadline right now; sellers without any are
   * left out, the worst first.
   */
  async breaches(): Promise<DeadlineBreachView[]> {
    const rows: any[] = await this.dataSource.query(`
      WITH decisions AS (${SELLER_DECISIONS_30D}),
      breached AS (
        SELECT seller_id,
               count(*) FILTER (WHERE case_type = 'cancellation')::int AS cancellations,
               count(*) FILTER (WHERE case_type = 'return')::int AS returns
          FROM decisions WHERE decided_by = 'deadline' GROUP BY seller_id),
      overdue AS (
        SELECT seller_id, count(*)::int AS overdue FROM (
          SELECT seller_id FROM cancellation_requests WHERE state = 'awaiting_seller' AND deadline_at < now()
          UNION ALL
          SELECT seller_id FROM return_cases WHERE state = 'requested' AND next_deadline_at < now()
        ) o GROUP BY seller_id)
      SELECT s.id AS seller_id, s.name AS seller_name,
             COALESCE(b.cancellations, 0) AS cancellations, COALESCE(b.returns, 0) AS returns,
             COALESCE(o.overdue, 0) AS overdue
        FROM sellers s LEFT JOIN breached b ON b.seller_id = s.id LEFT JOIN overdue o ON o.seller_id = s.id
       WHERE b.seller_id IS NOT NULL OR o.seller_id IS NOT NULL`);
    return rows
      .map((row) => ({
        sellerId: row.seller_id,
        sellerName: row.seller_name,
        cancellations30d: row.cancellations,
        returns30d: row.returns,
        overdueNow: row.overdue,
        total: row.cancellations + row.returns + row.overdue,
      }))
      .sort((a, b) => b.total - a.total || a.sellerName.localeCompare(b.sellerName));
  }

  /**
   * `GET /ops/sellers/reliability`: per seller over the last 30 days (docs/operations.md "Seller
   * reliability"): cancellation rate, the share of decisions made by the seller before the deadline, the
   * median decision time, return and defect rates over delivered orders, and disputes won and lost.
   * Computed in SQL over the whole window, never from a page of records.
   */
  async reliability(): Promise<SellerReliabilityView[]> {
    const rows: any[] = await this.dataSource.query(
      `
      WITH decisions AS (${SELLER_DECISIONS_30D}),
      decided AS (
        SELECT seller_id,
               -- a system decision (no wait for the seller) counts neither way
               count(*) FILTER (WHERE decided_by <> 'system')::int AS waited,
               count(*) FILTER (WHERE decided_by NOT IN ('system', 'deadline')
                                  AND (deadline_at IS NULL OR decided_at <= deadline_at))::int AS in_time,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 60)
                 FILTER (WHERE decided_by NOT IN ('system', 'deadline')) AS median_minutes
          FROM decisions GROUP BY seller_id),
      orders30 AS (
        -- seller by seller and status by status, each a range of orders_seller_status_created_id read alone
        -- (an index-only scan), not every order of every seller (docs/benchmarks.md, 54)
        SELECT s.id AS seller_id, sum(o.n)::int AS created,
               sum(o.n) FILTER (WHERE st.status = 'cancelled')::int AS cancelled
          FROM sellers s CROSS JOIN unnest($1::text[]) AS st(status)
          CROSS JOIN LATERAL (
            SELECT count(*) AS n FROM orders
             WHERE seller_id = s.id AND status = st.status AND created_at >= now() - interval '30 days') o
         GROUP BY s.id),
      delivered AS (
        -- seller by seller from the deliveries' own partial index, audit_events_seller_deliveries (migration
        -- 1767540000000), as the seller's dashboard counts them
        SELECT s.id AS seller_id, d.delivered FROM sellers s CROSS JOIN LATERAL (
          SELECT count(DISTINCT case_id)::int AS delivered FROM audit_events
           WHERE seller_id = s.id AND type = 'OrderDelivered' AND at >= now() - interval '30 days') d),
      returns30 AS (
        SELECT seller_id, count(*)::int AS returns, count(*) FILTER (WHERE type = 'defect_claim')::int AS defects
          FROM return_cases WHERE created_at >= now() - interval '30 days' GROUP BY seller_id),
      disputes AS (
        SELECT seller_id,
               count(*) FILTER (WHERE snapshot->>'arbitrationDecision' = 'rejected')::int AS won,
               count(*) FILTER (WHERE snapshot->>'arbitrationDecision' = 'approved')::int AS lost
          FROM return_cases WHERE snapshot->>'arbitrationDecision' IS NOT NULL AND updated_at >= now() - interval '30 days'
         GROUP BY seller_id)
      SELECT s.id AS seller_id, s.name AS seller_name,
             COALESCE(o.created, 0) AS created, COALESCE(o.cancelled, 0) AS cancelled,
             COALESCE(d.waited, 0) AS waited, COALESCE(d.in_time, 0) AS in_time, d.median_minutes,
             COALESCE(dl.delivered, 0) AS delivered, COALESCE(r.returns, 0) AS returns, COALESCE(r.defects, 0) AS defects,
             COALESCE(ds.won, 0) AS won, COALESCE(ds.lost, 0) AS lost
        FROM sellers s
        LEFT JOIN orders30 o ON o.seller_id = s.id
        LEFT JOIN decided d ON d.seller_id = s.id
        LEFT JOIN delivered dl ON dl.seller_id = s.id
        LEFT JOIN returns30 r ON r.seller_id = s.id
        LEFT JOIN disputes ds ON ds.seller_id = s.id
       ORDER BY s.name`,
      [ORDER_STATUSES],
    );
    return rows.map((row) => ({
      sellerId: row.seller_id,
      sellerName: row.seller_name,
      orders30d: row.created,
      cancellationRate: ratio(row.cancelled, row.created),
      decidedInTimeShare: ratio(row.in_time, row.waited),
      medianDecisionMinutes: row.median_minutes === null ? null : Math.round(Number(row.median_minutes) * 10) / 10,
      returnRate: ratio(row.returns, row.delivered),
      defectRate: ratio(row.defects, row.delivered),
      disputesWon: row.won,
      disputesLost: row.lost,
    }));
  }
}
