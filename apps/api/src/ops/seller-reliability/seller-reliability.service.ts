import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SellerReliabilityView } from '@aftersale/contracts';
import { SELLER_DECISIONS_30D } from '../seller-decisions.sql';

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * `GET /ops/sellers/reliability`: per seller over the last 30 days (docs/operations.md "Seller
 * reliability"): cancellation rate, the share of decisions made by the seller before the deadline, the
 * median decision time, return and defect rates over delivered orders, and disputes won and lost.
 * Computed in SQL over the whole window, never from a page of records.
 */
@Injectable()
export class SellerReliabilityService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<SellerReliabilityView[]> {
    const rows: any[] = await this.dataSource.query(`
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
        SELECT seller_id, count(*)::int AS created, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
          FROM orders WHERE created_at >= now() - interval '30 days' GROUP BY seller_id),
      delivered AS (
        SELECT seller_id, count(DISTINCT case_id)::int AS delivered FROM audit_events
         WHERE case_type = 'order' AND to_state = 'delivered' AND at >= now() - interval '30 days' GROUP BY seller_id),
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
       ORDER BY s.name`);
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
