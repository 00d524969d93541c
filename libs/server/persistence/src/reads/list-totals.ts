import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * How many rows a list's (filtered, unordered) query matches: exact up to `exactUpTo`, then PostgreSQL's
 * estimate, never below `exactUpTo + 1` — counting a million rows on every page costs more than the page
 * (docs/api.md "Reading", docs/benchmarks.md). With `estimateFirst` (a text search) the planner is asked first:
 * counting the matches of a common name costs what finding them all costs, which the page itself avoids
 * (docs/benchmarks.md, 11, "Lists: one search column").
 */
export async function countMatches<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  exactUpTo: number,
  { estimateFirst = false, everySeller = false }: { estimateFirst?: boolean; everySeller?: boolean } = {},
): Promise<number> {
  if (estimateFirst) {
    const guess = await plannedRows(qb);
    if (guess > exactUpTo) return guess;
  }
  const [ids, seen] = firstMatches(qb, exactUpTo + 1, everySeller);
  const [sql, parameters] = ids.getQueryAndParameters();
  const [{ n }] = await qb.connection.query(`SELECT count(*)::int AS n FROM (${seen(sql)}) AS capped`, parameters);
  return totalOfCapped(n, qb, exactUpTo);
}

/**
 * A query of the ids of a (filtered, unordered) query's first `limit` matches, and what makes its SQL the statement to
 * run. With `everySeller` (a list of every seller's records, ops'), the first `limit` of each seller's, read by the
 * seller's own indexes (docs/benchmarks.md, 50): no list index starts with anything but the seller, so a filter's
 * matches among every seller's were found by reading one whole index (10,001 shipped orders of a million: 59 ms;
 * seller by seller 3 ms).
 */
function firstMatches<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  limit: number,
  everySeller: boolean,
): [SelectQueryBuilder<T>, (sql: string) => string] {
  const ids = qb.clone().select(`${qb.alias}.id`).limit(limit);
  if (!everySeller) return [ids, (sql) => sql];
  ids.andWhere(`${qb.alias}.seller_id = ${EACH_SELLER}`);
  return [ids, (sql) => `${ofEachSeller(sql, '1')} LIMIT ${limit}`];
}

/** The seller's id in a subquery that `ofEachSeller` runs once for each seller. */
export const EACH_SELLER = 's.id';

/**
 * The rows `scan` (a subquery naming the seller as EACH_SELLER) gives for each seller, one `LATERAL` run a seller,
 * its columns as `u.<name>` for `select` and for what follows (docs/benchmarks.md, 50).
 */
export function ofEachSeller(scan: string, select: string): string {
  return `SELECT ${select} FROM sellers s CROSS JOIN LATERAL (${scan}) u`;
}

/** A count of the query's matches capped at `exactUpTo + 1` made a total: itself up to `exactUpTo`, else the estimate. */
export async function totalOfCapped<T extends ObjectLiteral>(
  capped: number,
  qb: SelectQueryBuilder<T>,
  exactUpTo: number,
): Promise<number> {
  return capped <= exactUpTo ? capped : Math.max(exactUpTo + 1, await plannedRows(qb));
}

/**
 * The count of a (filtered, unordered) query's matches up to `upTo + 1`, as an SQL expression to select with its page
 * (`queryPage`: one statement for the page and its total, docs/benchmarks.md, 36). Its named parameters are the
 * query's own.
 */
export function cappedCountExpression<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  upTo: number,
  everySeller = false,
): string {
  const [ids, seen] = firstMatches(qb, upTo + 1, everySeller);
  return `(SELECT count(*)::int FROM (${seen(ids.getQuery())}) AS capped)`;
}

/**
 * How long PostgreSQL's estimate of a query's rows is kept: the planner's answer for the same statement changes only
 * as the table's statistics and size do, so a list paged through, or refreshed, asks it once (docs/benchmarks.md, 36).
 */
const ESTIMATE_KEPT_MS = 30_000;
const ESTIMATES_KEPT = 500;
const estimates = new Map<string, { rows: number; until: number }>();

/** PostgreSQL's estimate of the rows a (filtered, unordered) query returns, from its plan; the query's select is set. */
export async function plannedRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<number> {
  const [sql, parameters] = qb.select(`${qb.alias}.id`).getQueryAndParameters();
  // the statement and its values name the tenant: one seller's estimate is never another's
  const key = JSON.stringify([sql, parameters]);
  const kept = estimates.get(key);
  const now = Date.now();
  if (kept && kept.until > now) return kept.rows;
  const [{ 'QUERY PLAN': plan }] = await qb.connection.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
  const rows = Math.round(Number(plan[0]?.Plan?.['Plan Rows'] ?? 0));
  estimates.delete(key);
  if (estimates.size >= ESTIMATES_KEPT) estimates.delete(estimates.keys().next().value!);
  estimates.set(key, { rows, until: now + ESTIMATE_KEPT_MS });
  return rows;
}
