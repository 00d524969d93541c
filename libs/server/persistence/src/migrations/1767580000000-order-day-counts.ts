import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many orders each seller has of each day (UTC) of creation, kept by triggers in the same transaction as the
 * orders themselves (docs/benchmarks.md, 80): a deep page of a seller's orders by creation time finds the day its
 * first row lies in from these counts, then skips only that day's rows before it (`orderPageByDays`). Skipping
 * every row before it in the index cost about 0.1 µs a row: page 4,000 (from row 100,000) 9–12 ms of PostgreSQL's CPU
 * at a million orders, the last page ten times that; from the counts, under 1 ms.
 *
 * The counts hold whatever changes the orders, the domain's writes or an operator's by hand:
 * - an insert adds its rows' counts, one statement per insert statement (transition table, as `order_search`);
 * - an update that moves an order to another seller or another day moves its count (a row trigger whose `WHEN`
 *   skips every other update, so that a status change costs nothing more);
 * - a delete takes its rows' counts away, a truncate all of them.
 * Rows are read and written in one order (seller, then day), so two inserts of several sellers' orders take the
 * counts' row locks in the same order. Two transactions inserting orders of one seller and day queue on that day's
 * row until the first commits; the worker writes a batch of commands in one transaction (docs/architecture.md).
 *
 * Created with its triggers before it is filled, in the migration's transaction: the triggers' lock on `orders`
 * holds inserts back until the counts are complete and committed with them.
 */
export class OrderDayCounts1767580000000 implements MigrationInterface {
  name = 'OrderDayCounts1767580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_day_counts (
        seller_id uuid NOT NULL,
        day date NOT NULL,
        orders integer NOT NULL,
        PRIMARY KEY (seller_id, day)
      );
      CREATE FUNCTION order_day_counts_add(seller uuid, created timestamptz, n integer) RETURNS void
        LANGUAGE sql AS $$
          INSERT INTO order_day_counts (seller_id, day, orders) VALUES (seller, (created AT TIME ZONE 'UTC')::date, n)
          ON CONFLICT (seller_id, day) DO UPDATE SET orders = order_day_counts.orders + excluded.orders
        $$;
      CREATE FUNCTION order_day_counts_of_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_day_counts (seller_id, day, orders)
          SELECT o.seller_id, (o.created_at AT TIME ZONE 'UTC')::date, count(*) FROM added_orders o
           GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (seller_id, day) DO UPDATE SET orders = order_day_counts.orders + excluded.orders;
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_day_counts_on_insert AFTER INSERT ON orders
        REFERENCING NEW TABLE AS added_orders FOR EACH STATEMENT EXECUTE FUNCTION order_day_counts_of_added();
      CREATE FUNCTION order_day_counts_of_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE order_day_counts c SET orders = c.orders - r.n
          FROM (SELECT o.seller_id, (o.created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n FROM removed_orders o
                 GROUP BY 1, 2) r
         WHERE c.seller_id = r.seller_id AND c.day = r.day;
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_day_counts_on_delete AFTER DELETE ON orders
        REFERENCING OLD TABLE AS removed_orders FOR EACH STATEMENT EXECUTE FUNCTION order_day_counts_of_removed();
      CREATE FUNCTION order_day_counts_of_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM order_day_counts_add(OLD.seller_id, OLD.created_at, -1);
        PERFORM order_day_counts_add(NEW.seller_id, NEW.created_at, 1);
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_day_counts_on_move AFTER UPDATE ON orders
        FOR EACH ROW WHEN (OLD.seller_id IS DISTINCT FROM NEW.seller_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
        EXECUTE FUNCTION order_day_counts_of_moved();
      CREATE FUNCTION order_day_counts_of_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM order_day_counts;
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_day_counts_on_truncate AFTER TRUNCATE ON orders
        FOR EACH STATEMENT EXECUTE FUNCTION order_day_counts_of_truncated();
      INSERT INTO order_day_counts (seller_id, day, orders)
        SELECT seller_id, (created_at AT TIME ZONE 'UTC')::date, count(*) FROM orders GROUP BY 1, 2;
      ANALYZE order_day_counts;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER order_day_counts_on_truncate ON orders;
      DROP TRIGGER order_day_counts_on_move ON orders;
      DROP TRIGGER order_day_counts_on_delete ON orders;
      DROP TRIGGER order_day_counts_on_insert ON orders;
      DROP FUNCTION order_day_counts_of_truncated(), order_day_counts_of_moved(), order_day_counts_of_removed(),
        order_day_counts_of_added(), order_day_counts_add(uuid, timestamptz, integer);
      DROP TABLE order_day_counts;
    `);
  }
}
