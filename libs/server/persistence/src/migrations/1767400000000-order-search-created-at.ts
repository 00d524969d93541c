import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTrigramIndex } from './1767350000000-order-search';

/**
 * The search table's trigger functions as this migration leaves them, each row with its order's `created_at`
 * (migration 1767450000000 restores them in its `down`).
 */
export const ORDER_SEARCH_FUNCTIONS = `
      CREATE OR REPLACE FUNCTION order_search_of_orders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search (order_id, seller_id, text, created_at)
          SELECT o.id, o.seller_id, lower(o.posting_number), o.created_at FROM added_orders o
          UNION ALL SELECT o.id, o.seller_id, lower(o.buyer_name), o.created_at FROM added_orders o;
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION order_search_of_renamed_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM order_search WHERE order_id = OLD.id;
        INSERT INTO order_search (order_id, seller_id, text, created_at)
          VALUES (NEW.id, NEW.seller_id, lower(NEW.posting_number), NEW.created_at),
                 (NEW.id, NEW.seller_id, lower(NEW.buyer_name), NEW.created_at)
          UNION ALL SELECT DISTINCT NEW.id, NEW.seller_id, lower(l.sku), NEW.created_at
                      FROM order_lines l WHERE l.order_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION order_search_of_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search (order_id, seller_id, text, created_at)
          SELECT DISTINCT l.order_id, o.seller_id, lower(l.sku), o.created_at
            FROM added_lines l JOIN orders o ON o.id = l.order_id;
        RETURN NULL;
      END $$;
`;

/**
 * The order's `created_at` in each of its `order_search` rows (docs/benchmarks.md, 21), so that a search found there
 * is sorted newest first there as well and only the page's orders are read: a SKU shared by 1,001 of a million
 * orders read all 1,001 orders to sort them (the page's statement read 5,376 buffers; 1,602 with the sort in the
 * search table).
 *
 * `created_at` is set when the order is created and never changed by the domain; the rename trigger (migration
 * 1767350000000-order-search) now also rewrites an order's rows when its `created_at` is changed by hand.
 *
 * The table is copied rather than updated in place: an `UPDATE` of its 3 million rows (at a million orders) would
 * leave a dead copy of each and a second entry for each in the trigram index, neither given back to the disk. The
 * copy holds the table's lock from the start, so that no order created meanwhile can lose its rows: creating orders
 * waits until the migration commits (about a minute at a million orders).
 */
export class OrderSearchCreatedAt1767400000000 implements MigrationInterface {
  name = 'OrderSearchCreatedAt1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      LOCK TABLE order_search IN EXCLUSIVE MODE;
      CREATE TABLE order_search_copy (
        order_id uuid NOT NULL,
        seller_id uuid NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL
      );
      INSERT INTO order_search_copy (order_id, seller_id, text, created_at)
        SELECT s.order_id, s.seller_id, s.text, o.created_at FROM order_search s JOIN orders o ON o.id = s.order_id;
      DROP TABLE order_search;
      ALTER TABLE order_search_copy RENAME TO order_search;
      ALTER TABLE order_search ALTER COLUMN text SET STATISTICS 1000;
    `);
    await q.query(ORDER_SEARCH_FUNCTIONS);
    await q.query(`
      DROP TRIGGER order_search_on_rename ON orders;
      CREATE TRIGGER order_search_on_rename AFTER UPDATE ON orders
        FOR EACH ROW WHEN (OLD.posting_number IS DISTINCT FROM NEW.posting_number
                           OR OLD.buyer_name IS DISTINCT FROM NEW.buyer_name
                           OR OLD.created_at IS DISTINCT FROM NEW.created_at)
        EXECUTE FUNCTION order_search_of_renamed_order();
    `);
    await createTrigramIndex(q, 'order_search_text_trgm', 'order_search', 'text');
    await q.query(`ANALYZE order_search`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION order_search_of_orders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search (order_id, seller_id, text)
          SELECT o.id, o.seller_id, lower(o.posting_number) FROM added_orders o
          UNION ALL SELECT o.id, o.seller_id, lower(o.buyer_name) FROM added_orders o;
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION order_search_of_renamed_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM order_search WHERE order_id = OLD.id;
        INSERT INTO order_search (order_id, seller_id, text)
          VALUES (NEW.id, NEW.seller_id, lower(NEW.posting_number)), (NEW.id, NEW.seller_id, lower(NEW.buyer_name))
          UNION ALL SELECT DISTINCT NEW.id, NEW.seller_id, lower(l.sku) FROM order_lines l WHERE l.order_id = NEW.id;
        RETURN NULL;
      END $$;
      DROP TRIGGER order_search_on_rename ON orders;
      CREATE TRIGGER order_search_on_rename AFTER UPDATE ON orders
        FOR EACH ROW WHEN (OLD.posting_number IS DISTINCT FROM NEW.posting_number
                           OR OLD.buyer_name IS DISTINCT FROM NEW.buyer_name)
        EXECUTE FUNCTION order_search_of_renamed_order();
      CREATE OR REPLACE FUNCTION order_search_of_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search (order_id, seller_id, text)
          SELECT DISTINCT l.order_id, o.seller_id, lower(l.sku) FROM added_lines l JOIN orders o ON o.id = l.order_id;
        RETURN NULL;
      END $$;
      ALTER TABLE order_search DROP COLUMN created_at;
    `);
  }
}
