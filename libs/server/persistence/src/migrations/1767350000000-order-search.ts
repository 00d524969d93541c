import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The orders list's `q` search finds rare matches (a posting number, a SKU) in a table written once
 * (docs/benchmarks.md, 19, "Lists: a search table written once"): `order_search` holds one row per searchable field of
 * an order — its posting number, its buyer's name, each SKU of its lines — lower-cased, with one trigram index.
 *
 * The trigram index on `orders.search_text` (migration 1767200000000) grew to twice its fresh size: every order wrote
 * its search text twice (the row, then its lines' SKUs), and every status change (a non-HOT update: `updated_at` is
 * indexed) added the row's trigrams to it again. Posting numbers, buyer names and SKUs never change once the order
 * is created (the domain's Order sets them in `create` only; its lines are inserted once, with the order), so these
 * rows are inserted once and never updated: status changes write nothing here. A trigger still follows a change of
 * a posting number or a buyer's name made outside the domain (by hand), so that the search cannot go stale.
 *
 * `orders.search_text` stays, without an index: a common name is found by walking the seller's orders in the list's
 * order and reading it from the row (docs/benchmarks.md, 11); its second write (the SKUs) is now a HOT update
 * wherever the page has room, as no index covers the column.
 */
export class OrderSearch1767350000000 implements MigrationInterface {
  name = 'OrderSearch1767350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_search (
        order_id uuid NOT NULL,
        seller_id uuid NOT NULL,
        text text NOT NULL
      );
      CREATE FUNCTION order_search_of_orders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search (order_id, seller_id, text)
          SELECT o.id, o.seller_id, lower(o.posting_number) FROM added_orders o
          UNION ALL SELECT o.id, o.seller_id, lower(o.buyer_name) FROM added_orders o;
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_search_on_insert AFTER INSERT ON orders
        REFERENCING NEW TABLE AS added_orders FOR EACH STATEMENT EXECUTE FUNCTION order_search_of_orders();
      -- never from the domain: the order's rows written again, its lines' SKUs included
      CREATE FUNCTION order_search_of_renamed_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM order_search WHERE order_id = OLD.id;
        INSERT INTO order_search (order_id, seller_id, text)
          VALUES (NEW.id, NEW.seller_id, lower(NEW.posting_number)), (NEW.id, NEW.seller_id, lower(NEW.buyer_name))
          UNION ALL SELECT DISTINCT NEW.id, NEW.seller_id, lower(l.sku) FROM order_lines l WHERE l.order_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_search_on_rename AFTER UPDATE ON orders
        FOR EACH ROW WHEN (OLD.posting_number IS DISTINCT FROM NEW.posting_number
                           OR OLD.buyer_name IS DISTINCT FROM NEW.buyer_name)
        EXECUTE FUNCTION order_search_of_renamed_order();
      CREATE FUNCTION order_search_of_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search (order_id, seller_id, text)
          SELECT DISTINCT l.order_id, o.seller_id, lower(l.sku) FROM added_lines l JOIN orders o ON o.id = l.order_id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER order_search_on_lines AFTER INSERT ON order_lines
        REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION order_search_of_lines();
      INSERT INTO order_search (order_id, seller_id, text)
        SELECT o.id, o.seller_id, lower(o.posting_number) FROM orders o
        UNION ALL SELECT o.id, o.seller_id, lower(o.buyer_name) FROM orders o
        UNION ALL SELECT DISTINCT l.order_id, o.seller_id, lower(l.sku) FROM order_lines l JOIN orders o ON o.id = l.order_id;
      ALTER TABLE order_search ALTER COLUMN text SET STATISTICS 1000;
    `);
    if (await createTrigramIndex(q, 'order_search_text_trgm', 'order_search', 'text'))
      await q.query(`DROP INDEX IF EXISTS orders_search_text_trgm`);
    await q.query(`ANALYZE order_search`);
  }

  async down(q: QueryRunner): Promise<void> {
    await createTrigramIndex(q, 'orders_search_text_trgm', 'orders', 'search_text');
    await q.query(`
      DROP TRIGGER order_search_on_lines ON order_lines;
      DROP TRIGGER order_search_on_rename ON orders;
      DROP TRIGGER order_search_on_insert ON orders;
      DROP FUNCTION order_search_of_lines(), order_search_of_renamed_order(), order_search_of_orders();
      DROP TABLE order_search;
    `);
  }
}

/**
 * Creates the trigram index `index` of `table`'s `column` where pg_trgm is installed (a database without the
 * extension searches without it, by reading); returns whether it did. The search migrations after this one use it too.
 */
export async function createTrigramIndex(
  q: QueryRunner,
  index: string,
  table: string,
  column: string,
): Promise<boolean> {
  const [{ installed }] = await q.query(
    `SELECT count(*)::int AS installed FROM pg_extension WHERE extname = 'pg_trgm'`,
  );
  if (installed > 0) await q.query(`CREATE INDEX ${index} ON ${table} USING gin (${column} gin_trgm_ops)`);
  return installed > 0;
}
