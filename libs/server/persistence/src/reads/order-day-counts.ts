/**
 * The ids of a page of one seller's orders by creation time, in a subquery naming the seller `:tenant`, found from
 * the seller's orders per day (`order_day_counts`, migration 1767580000000; docs/benchmarks.md, 80) instead of by
 * skipping every order before the page: the day the page's first row lies in is the last day, in the list's
 * direction, that fewer than `start + 1` orders come before; the page is that many rows fewer from that day's first
 * order on, read from the seller's index (seller_id, created_at DESC, id DESC). Counts and orders are read in one
 * statement, so in one snapshot: the page is the list sorted and skipped, exactly.
 *
 * `start` and `take` are whole numbers (the api's range, validated); `direction` the list's.
 */
export function orderPageByDays(page: { direction: 'ASC' | 'DESC'; start: number; take: number }): string {
  const newestFirst = page.direction === 'DESC';
  const [start, take] = [Math.floor(page.start), Math.floor(page.take)];
  const [along, back] = newestFirst ? ['DESC', 'ASC'] : ['ASC', 'DESC'];
  // the day's first order in the list's direction: newest first, every order before the day's end (midnight UTC after
  // it); oldest first, every order from its start
  const fromDay = newestFirst
    ? `m.created_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')`
    : `m.created_at >= (d.day::timestamp AT TIME ZONE 'UTC')`;
  return `SELECT p.id FROM (
      SELECT c.day, c.before FROM (
        SELECT day, coalesce(sum(orders) OVER (ORDER BY day ${along} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
               AS before
          FROM order_day_counts WHERE seller_id = :tenant) c
       WHERE c.before <= ${start} ORDER BY c.day ${back} LIMIT 1) d
    CROSS JOIN LATERAL (
      SELECT m.id FROM orders m WHERE m.seller_id = :tenant AND ${fromDay}
       ORDER BY m.created_at ${along}, m.id ${along} OFFSET (${start} - d.before) LIMIT ${take}) p`;
}

/** How many orders the seller (`:tenant`) has, exactly, from the same counts: a scalar SQL expression. */
export const ORDERS_OF_SELLER = `(SELECT coalesce(sum(orders), 0)::int FROM order_day_counts WHERE seller_id = :tenant)`;
