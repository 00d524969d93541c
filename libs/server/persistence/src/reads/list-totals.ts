import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * How many rows a list's (filtered, unordered) query matches: exact up to `exactUpTo`, then PostgreSQL's
 * estimate, never below `exactUpTo + 1` — counting a million rows on every page costs more than the page
 * (docs/api.md "Reading", docs/benchmarks.md).
 */
export async function countMatches<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  exactUpTo: number,
): Promise<number> {
  const [sql, parameters] = qb.select(`${qb.alias}.id`).getQueryAndParameters();
  const [{ n }] = await qb.connection.query(
    `SELECT count(*)::int AS n FROM (${sql} LIMIT ${exactUpTo + 1}) AS capped`,
    parameters,
  );
  if (n <= exactUpTo) return n;
  const [{ 'QUERY PLAN': plan }] = await qb.connection.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
  return Math.max(exactUpTo + 1, Math.round(Number(plan[0]?.Plan?.['Plan Rows'] ?? 0)));
}
