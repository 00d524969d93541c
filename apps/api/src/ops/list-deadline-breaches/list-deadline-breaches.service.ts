import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeadlineBreachView } from '@aftersale/contracts';
import { SELLER_DECISIONS_30D } from '../seller-decisions.sql';

/**
 * `GET /ops/deadline-breaches`: per seller, the requests and cases the deadline timer decided instead of
 * the seller in the last 30 days, and those open past their deadline right now; sellers without any are
 * left out, the worst first.
 */
@Injectable()
export class ListDeadlineBreachesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<DeadlineBreachView[]> {
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
}
