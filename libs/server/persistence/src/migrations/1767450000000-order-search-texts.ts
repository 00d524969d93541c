import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTrigramIndex } from './1767350000000-order-search';
import { ORDER_SEARCH_FUNCTIONS } from './1767400000000-order-search-created-at';

/**
 * The orders search's texts each once (docs/benchmarks.md, 27): `order_search_texts` holds every distinct text
 * (lower-cased posting number, buyer name, SKU) with the trigram index, and `order_search` now links a text to each
 * order that has it (`text_id`), with a btree on (text_id, seller_id, created_at DESC, order_id DESC) from which a
 * text's orders are read newest first without reading the table (an index-only scan).
 *
 * A SKU shared by 1,011 of a million orders was 1,011 rows of `order_search`, in 955 blocks, each checked after the
 * trigram index found it, beside 11,585 posting numbers that share its two key pieces: now it is one row of the
 * texts, and its thousand orders are a thousand entries of one btree range. And a piece as common as `sku` is a
 * short list in the texts' trigram index (one entry per distinct SKU, not per order), so that every piece of a
 * search can be a key of the scan (reads/order-search.ts).
 *
 * Texts are inserted as orders and lines are (`ON CONFLICT DO NOTHING`, in text order so that two transactions
 * adding the same new texts wait for each other in one order, not in a cycle), then linked by a second statement,
 * which sees a text committed meanwhile by another transaction (READ COMMITTED: each statement of the trigger has
 * its own snapshot; the insert waited for that transaction). Texts are never deleted: a text left without orders by
 * a rename by hand is one row the index may find and no order.
 *
 * The tables are built from `order_search` under its lock, as migration 1767400000000 did: creating orders waits
 * until this migration commits (27 s at a million orders on this machine). The links are written in their index's
 * order, so that a text's orders lie together in the table as well until autovacuum has marked its pages visible
 * (before that the index-only scan reads the rows).
 */
export class OrderSearchTexts1767450000000 implements MigrationInterface {
  name = 'OrderSearchTexts1767450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      LOCK TABLE order_search IN EXCLUSIVE MODE;
      CREATE TABLE order_search_texts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        text text NOT NULL,
        CONSTRAINT order_search_texts_text UNIQUE (text)
      );
      INSERT INTO order_search_texts (text) SELECT DISTINCT text FROM order_search ORDER BY text;
      CREATE TABLE order_search_links (
        text_id bigint NOT NULL,
        order_id uuid NOT NULL,
        seller_id uuid NOT NULL,
        created_at timestamptz NOT NULL
      );
      INSERT INTO order_search_links (text_id, order_id, seller_id, created_at)
        SELECT DISTINCT t.id, s.order_id, s.seller_id, s.created_at
          FROM order_search s JOIN order_search_texts t ON t.text = s.text
         ORDER BY t.id, s.seller_id, s.created_at DESC, s.order_id DESC;
      DROP TABLE order_search;
      ALTER TABLE order_search_links RENAME TO order_search;
      CREATE INDEX order_search_page ON order_search (text_id, seller_id, created_at DESC, order_id DESC);
    `);
    await q.query(`
      CREATE OR REPLACE FUNCTION order_search_of_orders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search_texts (text)
          SELECT lower(o.posting_number) FROM added_orders o UNION SELECT lower(o.buyer_name) FROM added_orders o
          ORDER BY 1
          ON CONFLICT (text) DO NOTHING;
        INSERT INTO order_search (text_id, order_id, seller_id, created_at)
          SELECT DISTINCT t.id, f.id, f.seller_id, f.created_at
            FROM (SELECT o.id, o.seller_id, o.created_at, lower(o.posting_number) AS text FROM added_orders o
                  UNION ALL SELECT o.id, o.seller_id, o.created_at, lower(o.buyer_name) FROM added_orders o) f
            JOIN order_search_texts t ON t.text = f.text;
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION order_search_of_renamed_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM order_search WHERE order_id = OLD.id;
        INSERT INTO order_search_texts (text)
          SELECT lower(NEW.posting_number) UNION SELECT lower(NEW.buyer_name)
          UNION SELECT lower(l.sku) FROM order_lines l WHERE l.order_id = NEW.id
          ORDER BY 1
          ON CONFLICT (text) DO NOTHING;
        INSERT INTO order_search (text_id, order_id, seller_id, created_at)
          SELECT t.id, NEW.id, NEW.seller_id, NEW.created_at FROM order_search_texts t
           WHERE t.text IN (SELECT lower(NEW.posting_number) UNION SELECT lower(NEW.buyer_name)
                            UNION SELECT lower(l.sku) FROM order_lines l WHERE l.order_id = NEW.id);
        RETURN NULL;
      END $$;
      CREATE OR REPLACE FUNCTION order_search_of_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO order_search_texts (text)
          SELECT DISTINCT lower(l.sku) FROM added_lines l ORDER BY 1
          ON CONFLICT (text) DO NOTHING;
        INSERT INTO order_search (text_id, order_id, seller_id, created_at)
          SELECT t.id, l.order_id, o.seller_id, o.created_at
            FROM (SELECT DISTINCT l.order_id, lower(l.sku) AS text FROM added_lines l) l
            JOIN orders o ON o.id = l.order_id
            JOIN order_search_texts t ON t.text = l.text;
        RETURN NULL;
      END $$;
    `);
    await createTrigramIndex(q, 'order_search_texts_trgm', 'order_search_texts', 'text');
    await q.query(`ANALYZE order_search_texts; ANALYZE order_search;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      LOCK TABLE order_search IN EXCLUSIVE MODE;
      CREATE TABLE order_search_rows (
        order_id uuid NOT NULL,
        seller_id uuid NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL
      );
      INSERT INTO order_search_rows (order_id, seller_id, text, created_at)
        SELECT s.order_id, s.seller_id, t.text, s.created_at FROM order_search s JOIN order_search_texts t ON t.id = s.text_id;
      DROP TABLE order_search, order_search_texts;
      ALTER TABLE order_search_rows RENAME TO order_search;
      ALTER TABLE order_search ALTER COLUMN text SET STATISTICS 1000;
    `);
    await q.query(ORDER_SEARCH_FUNCTIONS);
    await createTrigramIndex(q, 'order_search_text_trgm', 'order_search', 'text');
    await q.query(`ANALYZE order_search`);
  }
}
