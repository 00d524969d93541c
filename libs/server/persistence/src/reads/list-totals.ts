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
  estimateFirst = false,
): Promise<number> {
  const [sql, parameters] = qb.select(`${qb.alias}.id`).getQueryAndParameters();
  const estimate = () => plannedRows(qb);
  if (estimateFirst) {
    const guess = await estimate();
    if (guess > exactUpTo) return guess;
  }
  const [{ n }] = await qb.connection.query(
    `SELECT count(*)::int AS n FROM (${sql} LIMIT ${exactUpTo + 1}) AS capped`,
    parameters,
  );
  if (n <= exactUpTo) return n;
  return Math.max(exactUpTo + 1, await estimate());
}

/** PostgreSQL's estimate of the rows a (filtered, unordered) query returns, from its plan; the query's select is set. */
export async function plannedRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<number> {
  const [sql, parameters] = qb.select(`${qb.alias}.id`).getQueryAndParameters();
  const [{ 'QUERY PLAN': plan }] = await qb.connection.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
  return Math.round(Number(plan[0]?.Plan?.['Plan Rows'] ?? 0));
}
