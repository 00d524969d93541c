import { DataSource } from 'typeorm';
import { ORDER_STATUSES, SellerStatsView } from '@aftersale/contracts';

/** A decision's outcome from its audit event's type. */
const OUTCOME = `CASE WHEN a.type IN ('CancellationAutoApproved', 'ReturnAutoApproved') THEN 'autoApproved'
              WHEN a.type IN ('CancellationRejected', 'ReturnRejected') THEN 'rejected'
              ELSE 'approved' END`;

/**
 * The statement's clock, written where it is used rather than read from a CTE: the planner estimates the rows of a
 * range it can see (an index scan for a seller's 30 days), and guessed a third of the table for one it could not.
 */
const SINCE = "now() - interval '30 days'";
const TODAY = "(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')";

/**
 * Every figure in one SQL statement on the database's clock (docs/api.md "Seller statistics" says what each
 * one counts). A seller's decision is an audit event leaving the waiting state: a cancellation request
 * leaving `awaiting_seller`, a return case leaving `requested` by approval, rejection or a refund without
 * return; the deadline timer's auto-approvals count as breaches. Days are UTC days.
 *
 * What it reads of the seller's 30 days comes from indexes, each a range of its own (docs/benchmarks.md, 55): the
 * decisions from `audit_events_seller_decisions` (migration 1767540000000), each kind of case joined with its own
 * table for its creation; the deliveries from `audit_events_seller_deliveries`; the orders status by status from
 * `orders_seller_status_created_id` (`$2`: every status). The per-day series groups the decisions once.
 */
const SELLER_STATS_SQL = `
WITH open_cases AS (
  SELECT 'cancellation' AS kind, c.deadline_at AS deadline_at
    FROM cancellation_requests c WHERE c.seller_id = $1 AND c.state = 'awaiting_seller'
  UNION ALL
  -- in the requested state a case's next deadline is its decision deadline, the column the returns list filters on
  SELECT 'return', r.next_deadline_at
    FROM return_cases r WHERE r.seller_id = $1 AND r.state = 'requested'
),
decisions AS (
  SELECT a.at, ${OUTCOME} AS outcome, extract(epoch FROM a.at - c.created_at) / 60 AS minutes
    FROM audit_events a
    LEFT JOIN cancellation_requests c ON c.id = a.case_id
   WHERE a.seller_id = $1 AND a.at >= ${TODAY} - interval '30 days'
     AND a.case_type = 'cancellation' AND a.from_state = 'awaiting_seller'
     AND a.type IN ('CancellationApproved', 'CancellationRejected', 'CancellationAutoApproved')
  UNION ALL
  SELECT a.at, ${OUTCOME}, extract(epoch FROM a.at - r.created_at) / 60
    FROM audit_events a
    LEFT JOIN return_cases r ON r.id = a.case_id
   WHERE a.seller_id = $1 AND a.at >= ${TODAY} - interval '30 days'
     AND a.case_type = 'return' AND a.from_state = 'requested'
     AND a.type IN ('ReturnApproved', 'ReturnRejected', 'ReturnRefunded', 'ReturnAutoApproved')
),
per_day AS (
  SELECT date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
         count(*) FILTER (WHERE outcome = 'approved') AS approved,
         count(*) FILTER (WHERE outcome = 'rejected') AS rejected,
         count(*) FILTER (WHERE outcome = 'autoApproved') AS auto_approved,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) FILTER (WHERE outcome <> 'autoApproved') AS median_minutes
    FROM decisions GROUP BY 1
),
orders30 AS (
  SELECT st.status, o.n FROM unnest($2::text[]) AS st(status)
   CROSS JOIN LATERAL (
     SELECT count(*) AS n FROM orders WHERE seller_id = $1 AND status = st.status AND created_at > ${SINCE}) o
),
days AS (
  SELECT generate_series(${TODAY} - interval '29 days', ${TODAY}, interval '1 day') AS day
)
SELECT
  (SELECT currency FROM seller_settings WHERE seller_id = $1) AS currency,
  (SELECT count(*) FILTER (WHERE kind = 'cancellation') FROM open_cases)::int AS waiting_cancellations,
  (SELECT count(*) FILTER (WHERE kind = 'return') FROM open_cases)::int AS waiting_returns,
  (SELECT count(*) FROM open_cases
    WHERE kind = 'cancellation' AND deadline_at > now() AND deadline_at <= now() + interval '24 hours')::int
    AS due_cancellations,
  (SELECT count(*) FROM open_cases
    WHERE kind = 'return' AND deadline_at > now() AND deadline_at <= now() + interval '24 hours')::int AS due_returns,
  (SELECT count(*) FROM open_cases WHERE kind = 'cancellation' AND deadline_at <= now())::int AS overdue_cancellations,
  (SELECT count(*) FROM open_cases WHERE kind = 'return' AND deadline_at <= now())::int AS overdue_returns,
  (SELECT count(*) FROM decisions WHERE at > ${SINCE} AND outcome = 'autoApproved')::int AS breaches,
  (SELECT count(*) FILTER (WHERE d.outcome <> 'autoApproved')::float8 / nullif(count(*), 0)
     FROM decisions d WHERE d.at > ${SINCE}) AS decided_in_time,
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d.minutes)
     FROM decisions d WHERE d.at > ${SINCE} AND d.outcome <> 'autoApproved') AS median_minutes,
  (SELECT coalesce(sum(n) FILTER (WHERE status = 'cancelled')::float8 / nullif(sum(n), 0), 0)
     FROM orders30) AS cancellation_rate,
  coalesce(
    (SELECT count(*) FROM return_cases r WHERE r.seller_id = $1 AND r.created_at > ${SINCE})::float8
    / nullif((SELECT count(*) FROM (SELECT DISTINCT a.case_id FROM audit_events a
                WHERE a.seller_id = $1 AND a.type = 'OrderDelivered' AND a.at > ${SINCE}) d), 0),
    0) AS return_rate,
  (SELECT count(*) FROM refunds WHERE seller_id = $1 AND state = 'failed')::int AS refunds_failed,
  (SELECT count(*) FROM refunds
    WHERE seller_id = $1 AND state = 'succeeded' AND completed_at >= ${TODAY})::int AS refunds_today,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('amount', total, 'currency', currency) ORDER BY currency), '[]')
     FROM (SELECT refunds.currency::text AS currency, sum(amount)::bigint AS total FROM refunds
            WHERE seller_id = $1 AND state = 'succeeded' AND completed_at >= ${TODAY}
            GROUP BY refunds.currency) s) AS refunds_today_sums,
  (SELECT jsonb_agg(jsonb_build_object(
            'day', to_char(days.day AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
            'approved', coalesce(p.approved, 0),
            'rejected', coalesce(p.rejected, 0),
            'autoApproved', coalesce(p.auto_approved, 0),
            'medianMinutes', p.median_minutes
          ) ORDER BY days.day) FROM days LEFT JOIN per_day p ON p.day = days.day) AS per_day,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('reasonId', reason_id, 'count', n) ORDER BY n DESC, reason_id), '[]')
     FROM (SELECT r.snapshot->>'reasonId' AS reason_id, count(*)::int AS n
             FROM return_cases r
            WHERE r.seller_id = $1 AND r.created_at > ${SINCE} AND r.snapshot->>'reasonId' IS NOT NULL
            GROUP BY 1 ORDER BY n DESC, reason_id LIMIT 5) t) AS returns_by_reason,
  now() AS generated_at
`;

interface PerDay {
  day: string;
  approved: number;
  rejected: number;
  autoApproved: number;
  medianMinutes: number | null;
}

const rounded = (value: number | null, digits: number): number | null =>
  value === null ? null : Number(Number(value).toFixed(digits));

/** A seller's statistics (docs/api.md "Seller statistics"), provided with `onDataSource`. */
export class SellerStatsQuery {
  constructor(private readonly dataSource: DataSource) {}

  /** null when there is no such seller */
  async read(sellerId: string): Promise<SellerStatsView | null> {
    const [row] = await this.dataSource.query(SELLER_STATS_SQL, [sellerId, ORDER_STATUSES]);
    if (!row?.currency) return null;
    const perDay: PerDay[] = row.per_day;
    return {
      sellerId,
      currency: row.currency,
      generatedAt: new Date(row.generated_at).toISOString(),
      waitingForDecision: {
        cancellations: row.waiting_cancellations,
        returns: row.waiting_returns,
        total: row.waiting_cancellations + row.waiting_returns,
      },
      dueWithin24h: row.due_cancellations + row.due_returns,
      dueWithin24hByKind: { cancellations: row.due_cancellations, returns: row.due_returns },
      overdue: row.overdue_cancellations + row.overdue_returns,
      overdueByKind: { cancellations: row.overdue_cancellations, returns: row.overdue_returns },
      deadlineBreaches30d: row.breaches,
      cancellationRate30d: rounded(row.cancellation_rate, 4)!,
      decidedInTimeShare30d: rounded(row.decided_in_time, 4),
      medianDecisionMinutes30d: rounded(row.median_minutes, 1),
      returnRate30d: rounded(row.return_rate, 4)!,
      refundsFailed: row.refunds_failed,
      refundsToday: {
        count: row.refunds_today,
        sums: row.refunds_today_sums.map((s: { amount: string | number; currency: string }) => ({
          amount: Number(s.amount),
          currency: s.currency,
        })),
      },
      decisionsPerDay: perDay.map(({ day, approved, rejected, autoApproved }) => ({
        day,
        approved,
        rejected,
        autoApproved,
      })),
      decisionTimePerDay: perDay.map(({ day, medianMinutes }) => ({ day, medianMinutes: rounded(medianMinutes, 1) })),
      returnsByReason: row.returns_by_reason,
    };
  }
}
