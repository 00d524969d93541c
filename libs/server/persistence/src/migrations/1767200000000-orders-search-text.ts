import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The orders list's `q` search reads one column (docs/benchmarks.md, 11, "Lists: one search column"):
 * `orders.search_text` holds the lower-cased posting number, buyer name and the SKUs of the lines, one per line of
 * text. One predicate, `search_text LIKE '%text%'`, lets PostgreSQL choose per search between walking the seller's
 * newest orders until the page is full (a common name: a match every hundred rows) and the trigram index (a
 * posting number: one match in a million). The former search was a `UNION` of three trigram indexes, which had to
 * find every match before the newest 25 could be taken: two seconds for a common name at a million orders.
 *
 * Triggers keep the column: an order's row gets its posting number and buyer name when written (and again only if
 * either changes), and the order's lines, inserted once with the order, append their SKUs in one statement.
 */
export class OrdersSearchText1767200000000 implements MigrationInterface {
  name = 'OrdersSearchText1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orders ADD COLUMN search_text text NOT NULL DEFAULT '';
      CREATE FUNCTION orders_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_text := lower(NEW.posting_number) || E'\\n' || lower(NEW.buyer_name);
        -- a new order has no lines yet (they follow it and append their SKUs)
        IF TG_OP = 'UPDATE' THEN
          NEW.search_text := NEW.search_text || COALESCE((SELECT string_agg(E'\\n' || lower(l.sku), '' ORDER BY l.line_no)
            FROM order_lines l WHERE l.order_id = NEW.id), '');
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER orders_search_text_on_insert BEFORE INSERT ON orders
        FOR EACH ROW EXECUTE FUNCTION orders_search_text();
      CREATE TRIGGER orders_search_text_on_update BEFORE UPDATE ON orders
        FOR EACH ROW WHEN (OLD.posting_number IS DISTINCT FROM NEW.posting_number
                           OR OLD.buyer_name IS DISTINCT FROM NEW.buyer_name)
        EXECUTE FUNCTION orders_search_text();
      CREATE FUNCTION order_lines_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE orders o SET search_text = o.search_text || added.skus
        FROM (SELECT order_id, string_agg(E'\\n' || lower(sku), '' ORDER BY line_no) AS skus
              FROM added_lines GROUP BY order_id) added
        WHERE o.id = added.order_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_lines_search_text AFTER INSERT ON order_lines
        REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION order_lines_search_text();
      UPDATE orders o SET search_text = lower(o.posting_number) || E'\\n' || lower(o.buyer_name) || COALESCE(
        (SELECT string_agg(E'\\n' || lower(l.sku), '' ORDER BY l.line_no) FROM order_lines l WHERE l.order_id = o.id),
        '');
    `);
    // The planner's choice (walk or index) rests on its estimate of the matches: LIKE '%text%' is estimated from
    // the column's histogram, which at the default 100 entries cannot tell 1 % from 0.01 %; 1,000 entries can.
    await q.query(`ALTER TABLE orders ALTER COLUMN search_text SET STATISTICS 1000`);
    const [{ installed }] = await q.query(
      `SELECT count(*)::int AS installed FROM pg_extension WHERE extname = 'pg_trgm'`,
    );
    if (installed > 0)
      await q.query(`
        CREATE INDEX orders_search_text_trgm ON orders USING gin (search_text gin_trgm_ops);
        DROP INDEX IF EXISTS orders_posting_number_trgm, orders_buyer_name_trgm, order_lines_sku_trgm;
      `);
    await q.query(`ANALYZE orders`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ installed }] = await q.query(
      `SELECT count(*)::int AS installed FROM pg_extension WHERE extname = 'pg_trgm'`,
    );
    if (installed > 0)
      await q.query(`
        CREATE INDEX orders_posting_number_trgm ON orders USING gin (lower(posting_number) gin_trgm_ops);
        CREATE INDEX orders_buyer_name_trgm ON orders USING gin (lower(buyer_name) gin_trgm_ops);
        CREATE INDEX order_lines_sku_trgm ON order_lines USING gin (lower(sku) gin_trgm_ops);
      `);
    await q.query(`
      DROP TRIGGER order_lines_search_text ON order_lines;
      DROP TRIGGER orders_search_text_on_update ON orders;
      DROP TRIGGER orders_search_text_on_insert ON orders;
      DROP FUNCTION order_lines_search_text(), orders_search_text();
      DROP INDEX IF EXISTS orders_search_text_trgm;
      ALTER TABLE orders DROP COLUMN search_text;
    `);
  }
}
