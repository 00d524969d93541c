import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { plannedRows } from './list-totals';

/** With fewer three-character pieces than this, the whole text is the scan's one key. */
const KEY_PIECES = 2;

/**
 * The last two three-character runs of ASCII letters and digits in a (lower-cased) search, the last first, and then
 * the first if it has a letter: trigrams every match has. Each, as a `LIKE` of its own, is a key of the trigram
 * index's scan, and PostgreSQL intersects the keys of a scan by stepping from one to the next, each advanced past the
 * others' current entry, so that the rarest key sets the pace; a common one costs a step at each entry where the
 * others agree. The trigrams of one `LIKE` are instead each read at every match of the rarest: for `ls-00012345`
 * the whole lists of `000` and `001`, which every posting number has (70 ms; docs/benchmarks.md, 19). The end, as
 * codes share their beginnings; the beginning when it has a letter, as codes that share their digits differ in their
 * letters (`sku-0042` is `042`, `004` and `sku`: in the texts' index, each text once since migration 1767450000000,
 * `sku` is a list of the distinct SKUs, and the three leave the one text where the last two found 11,586 posting
 * numbers), while a run of digits is in every posting number (`000` as a third key doubled the posting number's
 * search: docs/benchmarks.md, 27). ASCII only: PostgreSQL takes those for letters and digits in any locale (a piece
 * it took for none would make its key read the whole index).
 */
export function trigramPieces(text: string): string[] {
  const pieces: string[] = [];
  for (const word of text.match(/[a-z0-9]{3,}/g) ?? [])
    for (let i = 0; i + 3 <= word.length; i++) pieces.push(word.slice(i, i + 3));
  const first = pieces.slice(0, 1).filter((piece) => /[a-z]/.test(piece));
  return [...new Set([...pieces.slice(-KEY_PIECES).reverse(), ...first])];
}

/**
 * The number of a search's matches, for a list filtered by it alone (whereOrderTextMatches): exact below `upTo`,
 * else at least `upTo`.
 */
export type CountOrderMatches = ((upTo: number) => Promise<number>) & {
  /** a select expression giving, on each row of the page, the number of matches (exact) */
  withPage?: string;
  /**
   * the query holds the page's rows alone, chosen in the list's order from the search table: the caller sorts them
   * and neither skips nor limits
   */
  paged?: boolean;
};

/**
 * The page a list asks for, given to the search when it is the list's only filter: `sort` is an SQL expression of
 * the query's alias (the id breaks ties in the same direction), `start` and `take` its rows.
 */
export interface SearchPage {
  sort: string;
  direction: 'ASC' | 'DESC';
  start: number;
  take: number;
}

/**
 * Above how many expected matches a search walks the seller's orders instead of the search table
 * (docs/benchmarks.md, 20 and 21): `code` for a text with two key pieces (trigramPieces: a posting number, a SKU),
 * for which the table checks about a row per match and sorts them there; `other` for any other text (a name), whose
 * one key reads each of its trigrams' lists whole.
 */
export interface WalkAbove {
  code: number;
  other: number;
}

/**
 * Restricts an orders query (the seller's orders when its `tenant` parameter is set, as TenantRecords.select sets
 * it) to the orders whose posting number, buyer's name or a line's SKU contains `text` (any case; `%` and `_` are
 * text): docs/api.md "Reading". Two ways to find them, chosen by PostgreSQL's estimate of the matches
 * (`orders.search_text`'s histogram, 1,000 entries):
 *
 * - more than `walkAbove` (a common name): the condition is `orders.search_text`, read from each row as the
 *   seller's orders are walked in the list's order until the page is full (a match every thousand rows or closer:
 *   a page of 25 reads at most some 25,000 rows, 5 ms for a name with 10,000 matches in a million orders, where
 *   sorting its matches from the search table read 10,000 orders: 786 ms p95), and the estimate is the total;
 * - else (a posting number, a SKU, a rare name): the trigram index of `order_search_texts` (migration
 *   1767450000000-order-search-texts: each distinct text once) gives the matching texts, and `order_search`, a row
 *   per text of each order (migrations 1767350000000-order-search, 1767400000000), their orders from its btree; their
 *   number can be counted there alone (returned: the caller counts with it when this is its only filter). When the
 *   search is the list's only filter (`page` given) and the list is sorted by `created_at` or `id`, the page's
 *   orders are chosen there too (`order_search.created_at`), so that only they are read from `orders`
 *   (docs/benchmarks.md, 21 and 27), and the query is returned `paged`.
 *
 * Both are the same set of orders: `order_search` links an order to the text of its posting number, its buyer's
 * name and each SKU, written by triggers as the order and its lines are inserted, and these never change.
 *
 * One histogram entry stands for about a thousandth of the orders: a SKU shared by 1,001 of a million orders is
 * estimated at 100, 1,001 or 2,002 orders as ANALYZE's sample has it in none, one or two entries, hence a higher
 * threshold for codes, whose table path is cheap (docs/benchmarks.md, 21).
 */
export async function whereOrderTextMatches<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  text: string,
  param: string,
  walkAbove: WalkAbove,
  page?: SearchPage,
): Promise<CountOrderMatches | undefined> {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return undefined;
  const like = (part: string) => `%${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const pieces = trigramPieces(wanted);
  const walk = `${qb.alias}.search_text LIKE :${param}`;
  const estimate = await plannedRows(qb.clone().andWhere(walk, { [param]: like(wanted) }));
  if (estimate > (pieces.length >= KEY_PIECES ? walkAbove.code : walkAbove.other)) {
    qb.andWhere(walk, { [param]: like(wanted) });
    // walked: the estimate is the total (docs/api.md "Reading"); counting thousands of scattered matches would cost
    // more than the page (a common Cyrillic name's exact count read 10,000 heap pages: 200 ms of PostgreSQL's CPU)
    return async () => estimate;
  }
  const tenant: unknown = qb.getParameters().tenant;
  const parameters: Record<string, unknown> = { [param]: like(wanted), [`${param}_text`]: wanted };
  pieces.forEach((piece, i) => (parameters[`${param}_${i}`] = like(piece)));
  // the matching texts (each text once, migration 1767450000000), then their orders' entries in the btree
  // (text_id, seller_id, created_at, order_id): the texts as an array, so that they are that index's keys
  const texts = (
    pieces.length >= KEY_PIECES
      ? [
          ...pieces.map((_, i) => `t.text LIKE :${param}_${i}`),
          // the whole text checked on the texts the pieces found, outside the index scan
          `strpos(t.text, :${param}_text) > 0`,
        ]
      : // the whole `LIKE` as the scan's one key (pg_trgm's trigrams of it, the rarest first)
        [`t.text LIKE :${param}`]
  ).join(' AND ');
  const conditions = [
    `s.text_id = ANY (ARRAY(SELECT t.id FROM order_search_texts t WHERE ${texts}))`,
    ...(tenant ? [`s.seller_id = :tenant`] : []),
  ].join(' AND ');
  const count: CountOrderMatches = async (upTo) => {
    const [sql, values] = qb.connection.driver.escapeQueryWithParameters(
      `SELECT count(*)::int AS n FROM (SELECT DISTINCT s.order_id FROM order_search s WHERE ${conditions}
       LIMIT ${Math.floor(upTo)}) AS capped`,
      { ...parameters, tenant },
    );
    const [{ n }] = await qb.connection.query(sql, values);
    return n < upTo ? n : Math.max(upTo, estimate);
  };
  const sortedThere =
    page?.sort === `${qb.alias}.created_at` ? 'm.created_at' : page?.sort === `${qb.alias}.id` ? 'm.order_id' : null;
  if (page && sortedThere) {
    // the matches sorted in the search table and the page taken there: 25 orders read, not every match
    // (docs/benchmarks.md, 21); their number counted on the way, before the page is taken
    const direction = page.direction === 'ASC' ? 'ASC' : 'DESC';
    qb.innerJoin(
      `(SELECT m.order_id, count(*) OVER () AS matches
          FROM (SELECT DISTINCT s.order_id, s.created_at FROM order_search s WHERE ${conditions}) m
         ORDER BY ${sortedThere} ${direction}, m.order_id ${direction}
         OFFSET ${Math.floor(page.start)} LIMIT ${Math.floor(page.take)})`,
      'page',
      `page.order_id = ${qb.alias}.id`,
    ).setParameters(parameters);
    count.withPage = 'page.matches';
    count.paged = true;
    return count;
  }
  qb.andWhere(`${qb.alias}.id IN (SELECT s.order_id FROM order_search s WHERE ${conditions})`, parameters);
  // the page's query finds and sorts every match before it takes the page: counted there, at no cost
  count.withPage = 'count(*) OVER ()';
  return count;
}
