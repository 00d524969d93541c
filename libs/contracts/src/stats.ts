import { Money } from './money';

/**
 * `GET /api/v1/stats/seller`: the seller dashboard's figures, computed by the api in SQL (never summed from a
 * page of records in the browser). Rates are fractions 0..1; windows are the last 30 days unless named.
 */
export interface SellerStatsView {
  sellerId: string;
  /** the seller's settings currency (refund sums are per currency all the same) */
  currency: string;
  /** when the figures were computed (the database's clock) */
  generatedAt: string;
  /** open cancellation requests (awaiting_seller) and return cases waiting for the seller's decision */
  waitingForDecision: { cancellations: number; returns: number; total: number };
  /** open requests and cases whose decision deadline falls within the next 24 h */
  dueWithin24h: number;
  /** `dueWithin24h` by kind: each the total of its list filtered by state and deadline (docs/api.md) */
  dueWithin24hByKind: { cancellations: number; returns: number };
  /** open requests and cases whose deadline has passed (about to be auto-approved) */
  overdue: number;
  /** `overdue` by kind, likewise */
  overdueByKind: { cancellations: number; returns: number };
  /** requests and cases decided by the deadline timer, not by the seller, in the last 30 days */
  deadlineBreaches30d: number;
  /** cancelled orders over orders created, last 30 days */
  cancellationRate30d: number;
  /** requests decided by the seller before their deadline over all decided, last 30 days; null when none */
  decidedInTimeShare30d: number | null;
  /** median minutes from a request's creation to the seller's decision, last 30 days; null when none */
  medianDecisionMinutes30d: number | null;
  /** return cases opened over orders delivered, last 30 days */
  returnRate30d: number;
  /** refunds in state failed (waiting for retry or void) */
  refundsFailed: number;
  /** refunds that succeeded today (the seller's day in UTC), their count and sums per currency */
  refundsToday: { count: number; sums: Money[] };
  /** decisions per day, oldest first, 30 days (days without decisions included, with zeros) */
  decisionsPerDay: { day: string; approved: number; rejected: number; autoApproved: number }[];
  /** median decision minutes per day, oldest first, 30 days (null on days without seller decisions) */
  decisionTimePerDay: { day: string; medianMinutes: number | null }[];
  /** the five most frequent return reasons, last 30 days */
  returnsByReason: { reasonId: string; count: number }[];
}
