import { isISO8601 } from 'class-validator';
import { Response } from 'express';
import { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { ListParams } from '@aftersale/contracts';
import {
  cappedCountExpression,
  countMatches,
  EACH_SELLER,
  ofEachSeller,
  plannedRows,
  totalOfCapped,
} from '@aftersale/server/persistence';
import { validationFailed } from '../problems/problem.exception';
import { isUuid } from '../problems/id.pipe';

/** react-admin's CSV exporter asks for 1,000 records a page. */
export const MAX_PAGE = 1000;

/**
 * A filter turns a (validated) value into a WHERE clause; it throws validationFailed for a bad value. One that asks
 * PostgreSQL first (the orders' `q`: its estimate chooses the condition) returns a promise, and may return a cheaper
 * way to count its matches, used when it is the list's only filter: exact below `upTo`, else at least `upTo` (the
 * planner's estimate). The list's only filter is also given the page asked for (`page`), which it may choose itself.
 */
export type FilterApplier<T extends ObjectLiteral> = (
  qb: SelectQueryBuilder<T>,
  value: unknown,
  param: string,
  page?: ListPage,
) => void | Promise<void | MatchCount>;

/** The page of a list: its order (an SQL expression, the id breaking ties in the same direction) and its rows. */
export interface ListPage {
  sort: string;
  direction: 'ASC' | 'DESC';
  start: number;
  take: number;
}

/**
 * How a filter counts its own matches (exact below `upTo`, else at least `upTo`); with `withPage`, a select
 * expression whose value on each row of the page is that number, exact (the page's query finds every match anyway).
 * `paged`: the filter has restricted the query to the page's rows (in the page's order), which is then only sorted.
 */
export type MatchCount = ((upTo: number) => Promise<number>) & { withPage?: string; paged?: boolean };

export interface ListSpec<T extends ObjectLiteral> {
  resource: string;
  /** api field → SQL expression */
  sortable: Record<string, string>;
  filters: Record<string, FilterApplier<T>>;
  /** filters that must be present together (messages: caseType + caseId) */
  required?: string[][];
  /**
   * The filters under which a list of every seller's records (ops') takes its page seller by seller
   * (`pageOfEverySeller`): each filter's column follows the seller in the indexes of the list's sorts, as a seller's
   * own list has them. A list with any other filter (an order's id, a search) is read as it is.
   */
  perSeller?: string[];
  /**
   * Sorts (SQL expressions of `sortable`) that an index holds across every seller, the id after them: an ops' list
   * with no filter in one of these orders reads that index as any list, not seller by seller (docs/benchmarks.md, 79).
   */
  everySellerIndexed?: string[];
  /**
   * Sorts (SQL expressions of `sortable`) whose deep pages of one seller's list, unfiltered, a table of counts finds
   * without skipping every row before them: the SQL of the page's ids, naming the seller `:tenant`
   * (docs/benchmarks.md, 80).
   */
  countedPages?: Record<string, (page: ListPage) => string>;
  /**
   * The number of the seller's records from a table of counts, as an SQL expression naming the seller `:tenant`: the
   * exact total of the seller's list with no filter, read with its page instead of counting (docs/benchmarks.md, 80).
   */
  countedTotal?: string;
}

function parseJson(raw: unknown, field: string): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw validationFailed([{ field, message: 'must be given once, as JSON' }]);
  try {
    return JSON.parse(raw);
  } catch {
    throw validationFailed([{ field, message: 'is not valid JSON' }]);
  }
}

/** react-admin simple-REST parameters; anything malformed is a 400, never a 500. */
export function parseListParams<T extends ObjectLiteral>(
  query: Record<string, unknown>,
  spec: ListSpec<T>,
): ListParams {
  const sortRaw = query.sort === undefined ? ['createdAt', 'DESC'] : parseJson(query.sort, 'sort');
  if (
    !Array.isArray(sortRaw) ||
    sortRaw.length !== 2 ||
    typeof sortRaw[0] !== 'string' ||
    !['ASC', 'DESC'].includes(String(sortRaw[1]).toUpperCase())
  ) {
    throw validationFailed([{ field: 'sort', message: 'must be ["field","ASC"|"DESC"]' }]);
  }
  if (!Object.hasOwn(spec.sortable, sortRaw[0])) {
    throw validationFailed([
      { field: 'sort', message: `cannot sort by ${sortRaw[0]}; sortable: ${Object.keys(spec.sortable).join(', ')}` },
    ]);
  }
  const rangeRaw = query.range === undefined ? [0, 24] : parseJson(query.range, 'range');
  if (
    !Array.isArray(rangeRaw) ||
    rangeRaw.length !== 2 ||
    !rangeRaw.every((n) => Number.isSafeInteger(n) && n >= 0) ||
    rangeRaw[1] < rangeRaw[0]
  ) {
    throw validationFailed([{ field: 'range', message: 'must be [start,end] with 0 ≤ start ≤ end' }]);
  }
  if (rangeRaw[1] - rangeRaw[0] + 1 > MAX_PAGE)
    throw validationFailed([{ field: 'range', message: `at most ${MAX_PAGE} records a page` }]);
  const filterRaw = query.filter === undefined ? {} : parseJson(query.filter, 'filter');
  if (typeof filterRaw !== 'object' || filterRaw === null || Array.isArray(filterRaw)) {
    throw validationFailed([{ field: 'filter', message: 'must be a JSON object' }]);
  }
  for (const key of Object.keys(filterRaw)) {
    if (key !== 'id' && !Object.hasOwn(spec.filters, key)) {
      throw validationFailed([
        { field: `filter.${key}`, message: `unknown filter; filters: id, ${Object.keys(spec.filters).join(', ')}` },
      ]);
    }
  }
  for (const group of spec.required ?? []) {
    if (!group.every((key) => key in filterRaw))
      throw validationFailed([{ field: 'filter', message: `${group.join(' and ')} are required` }]);
  }
  return {
    sort: [sortRaw[0], String(sortRaw[1]).toUpperCase() as 'ASC' | 'DESC'],
    range: [rangeRaw[0], rangeRaw[1]],
    filter: filterRaw as Record<string, unknown>,
  };
}

export interface Page<V> {
  resource: string;
  start: number;
  total: number;
  items: V[];
}

/**
 * Totals are exact up to this many matches; past it the total is PostgreSQL's estimate (never below this + 1):
 * counting a million rows on every page costs more than the page (docs/api.md "Reading", docs/benchmarks.md).
 */
export const EXACT_TOTAL_UP_TO = 10000;

/**
 * From this row on, a page's ids are chosen first, in a query of its own that selects only the id, and then its rows
 * are read (docs/benchmarks.md, 26): OFFSET 100,000 newest first read the 100,000 rows it skipped from the orders
 * table, scattered over it once orders have been updated (246 ms p95 at a million orders).
 */
export const DEEP_PAGE_FROM = 1000;

/**
 * Applies filters, the order and the page; the total counts the matches (exact up to EXACT_TOTAL_UP_TO, then
 * the planner's estimate). `load` completes the page's rows (one query for all of them) before `toView`.
 */
export async function queryPage<T extends ObjectLiteral, V>(
  qb: SelectQueryBuilder<T>,
  params: ListParams,
  spec: ListSpec<T>,
  toView: (row: T) => V,
  load?: (rows: T[]) => Promise<void>,
): Promise<Page<V>> {
  const alias = qb.alias;
  let countAlone: MatchCount | undefined;
  const filters = Object.entries(params.filter);
  const [start, end] = params.range;
  const page: ListPage = {
    sort: spec.sortable[params.sort[0]],
    direction: params.sort[1],
    start,
    take: end - start + 1,
  };
  for (const [key, value] of filters) {
    if (key === 'id') {
      const ids = Array.isArray(value) ? value : [value];
      if (!ids.every((id) => typeof id === 'string'))
        throw validationFailed([{ field: 'filter.id', message: 'must be an id or a list of ids' }]);
      const valid = ids.filter(isUuid);
      if (valid.length === 0) qb.andWhere('false');
      else qb.andWhere(`${alias}.id IN (:...filterIds)`, { filterIds: valid });
      continue;
    }
    const alone = filters.length === 1;
    const count = await spec.filters[key](qb, value, `f_${key}`, alone ? page : undefined);
    if (count && alone) countAlone = count;
  }
  const matches = qb.clone();
  // a list of every seller's records (no tenant: ops') has no index of its order: every index of a list
  // starts with the seller (docs/benchmarks.md, 50)
  const everySeller =
    qb.getParameters().tenant === undefined &&
    spec.perSeller !== undefined &&
    filters.every(([key]) => spec.perSeller!.includes(key)) &&
    !(filters.length === 0 && spec.everySellerIndexed?.includes(page.sort));
  // the seller's whole list (the tenant's condition its only one): a table of counts may give its deep pages and total
  const wholeList =
    filters.length === 0 && qb.getParameters().tenant !== undefined && qb.expressionMap.wheres.length === 1;
  const byCounts = wholeList && start >= DEEP_PAGE_FROM ? spec.countedPages?.[page.sort] : undefined;
  const wholeTotal = wholeList ? spec.countedTotal : undefined;
  qb.orderBy(page.sort, page.direction).addOrderBy(`${alias}.id`, page.direction);
  // a deep page's ids first, then its rows (docs/benchmarks.md, 26): the rows it skips are read from the sort's
  // index alone (an index-only scan where the index holds the filters' columns as well), not each from the table;
  // not where the page's query counts its matches (`withPage`) or joins
  const idsFirst = start >= DEEP_PAGE_FROM && !countAlone?.withPage && qb.expressionMap.joinAttributes.length === 0;
  if (countAlone?.paged) {
    // a filter that took the page itself (the orders' `q` in its search table, docs/benchmarks.md, 21) left its
    // rows: sorted only
  } else if (everySeller) {
    qb.andWhere(`${alias}.id IN (${pageOfEverySeller(qb, page)})`);
  } else if (byCounts) {
    qb.andWhere(`${alias}.id IN (${byCounts(page)})`);
  } else if (idsFirst) {
    qb.andWhere(`${alias}.id IN (${qb.clone().select(`${alias}.id`).offset(start).limit(page.take).getQuery()})`);
  } else qb.skip(start).take(page.take);
  // the number of matches read with the page where the filter can have it so (the orders' `q` by the search table), or
  // the seller's whole list from its table of counts
  const withPage = countAlone?.withPage ?? wholeTotal;
  if (withPage) qb.addSelect(withPage, 'matches_with_page');
  // any other list but a text search (whose estimate comes first) counts its matches, up to the exact threshold, in
  // the page's own statement (docs/benchmarks.md, 36); a page from the threshold on needs no count: if it has a row,
  // its list is past the threshold and its total is the planner's estimate (docs/benchmarks.md, 44)
  const search = typeof params.filter.q === 'string';
  const countable = !countAlone && !wholeTotal && !search;
  const pastExact = countable && start >= EXACT_TOTAL_UP_TO;
  const countedWithPage = countable && !pastExact;
  if (countedWithPage) qb.addSelect(cappedCountExpression(matches, EXACT_TOTAL_UP_TO, everySeller), 'matches_capped');
  const { entities: rows, raw } =
    withPage || countedWithPage ? await qb.getRawAndEntities() : { entities: await qb.getMany(), raw: [] };
  // counted with the page where it could be (it has a row), by the only filter where it can do so more cheaply (the
  // orders' `q`), else as any list
  const counted = (): Promise<number> => {
    if (withPage && raw.length > 0) return Promise.resolve(Number(raw[0].matches_with_page));
    if (countAlone) return countAlone(EXACT_TOTAL_UP_TO + 1);
    // an empty page of the whole list: the counts read alone, with any of the seller's records (none: 0)
    if (wholeTotal)
      return matches
        .select(wholeTotal, 'n')
        .limit(1)
        .getRawOne<{ n: string }>()
        .then((row) => Number(row?.n ?? 0));
    if (countedWithPage && raw.length > 0)
      return totalOfCapped(Number(raw[0].matches_capped), matches, EXACT_TOTAL_UP_TO);
    if (pastExact && rows.length > 0) return plannedRows(matches);
    return countMatches(matches, EXACT_TOTAL_UP_TO, { estimateFirst: search, everySeller });
  };
  // a page that is not full ends the list: its total is known without counting; an empty page past the end proves
  // nothing about the rows before it, so its list is counted
  const ended = rows.length < end - start + 1 && (rows.length > 0 || start === 0);
  const reached = rows.length > 0 ? start + rows.length : 0;
  const total = ended ? reached : Math.max(reached, await counted());
  if (load && rows.length > 0) await load(rows);
  return { resource: spec.resource, start, total, items: rows.map(toView) };
}

/**
 * The ids of a page of every seller's records in the list's order: the first `start + take` of each seller's, read in
 * its index's order (the seller's own list's way), merged (docs/benchmarks.md, 50). Without it, the newest of a million
 * orders sorted them all (1.06 s at 1.08 million). `qb`: the list's query, filtered and ordered.
 */
function pageOfEverySeller<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, page: ListPage): string {
  const direction = page.direction === 'ASC' ? 'ASC' : 'DESC';
  const bySeller = qb
    .clone()
    .select(`${qb.alias}.id`, 'id')
    .addSelect(page.sort, 'sorted')
    .andWhere(`${qb.alias}.seller_id = ${EACH_SELLER}`)
    .limit(Math.floor(page.start) + Math.floor(page.take))
    .getQuery();
  return `${ofEachSeller(bySeller, 'u.id')}
          ORDER BY u.sorted ${direction}, u.id ${direction} OFFSET ${Math.floor(page.start)} LIMIT ${Math.floor(page.take)}`;
}

/** react-admin reads the total from `Content-Range: <resource> <first>-<last>/<total>`. */
export function sendPage<V>(response: Response, page: Page<V>): V[] {
  const last = page.items.length === 0 ? page.start : page.start + page.items.length - 1;
  response.setHeader('Content-Range', `${page.resource} ${page.start}-${last}/${page.total}`);
  return page.items;
}

// Filter builders shared by the resources.
export const equalsOneOf =
  <T extends ObjectLiteral>(column: string, allowed: readonly string[]): FilterApplier<T> =>
  (qb, value, param) => {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || !values.every((v) => typeof v === 'string' && allowed.includes(v))) {
      throw validationFailed([{ field: `filter.${param.slice(2)}`, message: `must be one of ${allowed.join(', ')}` }]);
    }
    qb.andWhere(`${column} IN (:...${param})`, { [param]: values });
  };

/**
 * equalsOneOf whose page of several values from row `fromRow` on, when it is the list's only filter and the list is
 * one seller's sorted by one of `merged` (columns an index holds after the seller and `column`, the id last), is
 * chosen by one ordered, limited scan of that index per value, merged in the list's order (docs/benchmarks.md, 26):
 * PostgreSQL reads an `IN` list's entries of such an index all, then sorts them (two statuses of a million orders
 * from row 50,000: 310–540 ms; merged 23–53 ms). The orders' first pages need no merge (a sort's own index, filtered,
 * finds their common statuses soon); a cancellations tab does from its first page (docs/benchmarks.md, 48).
 */
export const equalsOneOfMerged =
  <T extends ObjectLiteral>(
    column: string,
    allowed: readonly string[],
    merged: string[],
    fromRow = DEEP_PAGE_FROM,
  ): FilterApplier<T> =>
  async (qb, value, param, page) => {
    equalsOneOf<T>(column, allowed)(qb, value, param);
    const values = [...new Set(Array.isArray(value) ? (value as string[]) : [value as string])];
    // a list of every seller's records (ops) merges from its first page, one scan per seller and value: no index of
    // the list starts with the value (docs/benchmarks.md, 50)
    const tenant: unknown = qb.getParameters().tenant;
    const everySeller = tenant === undefined;
    if (!page || values.length < 2 || (!everySeller && page.start < fromRow) || !merged.includes(page.sort)) return;
    const alias = qb.alias;
    const table = qb.expressionMap.mainAlias!.metadata.tableName;
    const [filtered, sorted] = [column, page.sort].map((c) => c.slice(alias.length + 1));
    const direction = page.direction === 'ASC' ? 'ASC' : 'DESC';
    const [start, take] = [Math.floor(page.start), Math.floor(page.take)];
    const parameters: Record<string, unknown> = {};
    const scans = values.map((v, i) => {
      parameters[`${param}_${i}`] = v;
      const scan = (seller: string) =>
        `SELECT m.id, m.${sorted} AS sorted FROM "${table}" m WHERE m.seller_id = ${seller} AND m.${filtered} = :${param}_${i}
          ORDER BY m.${sorted} ${direction}, m.id ${direction} LIMIT ${start + take}`;
      return `(${everySeller ? ofEachSeller(scan(EACH_SELLER), 'u.id, u.sorted') : scan(':tenant')})`;
    });
    const matches = qb.clone();
    qb.innerJoin(
      `(SELECT u.id FROM (${scans.join(' UNION ALL ')}) u
         ORDER BY u.sorted ${direction}, u.id ${direction} OFFSET ${start} LIMIT ${take})`,
      'page',
      `page.id = ${alias}.id`,
    ).setParameters(parameters);
    // counted as any list's matches (countMatches), from the query before the page's join
    const count: MatchCount = (upTo) => countMatches(matches, upTo - 1, { everySeller });
    count.paged = true;
    return count;
  };

/** A filter by one id: `condition` gets the parameter's name; an id that is no uuid matches nothing. */
export const matchingId =
  <T extends ObjectLiteral>(condition: (param: string) => string): FilterApplier<T> =>
  (qb, value, param) => {
    if (typeof value !== 'string')
      throw validationFailed([{ field: `filter.${param.slice(2)}`, message: 'must be an id' }]);
    if (!isUuid(value)) qb.andWhere('false');
    else qb.andWhere(condition(param), { [param]: value.toLowerCase() });
  };

export const equalsId = <T extends ObjectLiteral>(column: string): FilterApplier<T> =>
  matchingId((param) => `${column} = :${param}`);

/** A time filter: the column strictly before (`<`) or after (`>`) the given time. */
const timeBound =
  (operator: '<' | '>') =>
  <T extends ObjectLiteral>(column: string): FilterApplier<T> =>
  (qb, value, param) => {
    // strict ISO 8601, as the DTOs' times: `new Date` alone takes 30 February (as 2 March) and years PostgreSQL
    // cannot hold (`-010000-01-01`, which then failed the query with a 500)
    if (typeof value !== 'string' || !isISO8601(value, { strict: true }))
      throw validationFailed([{ field: `filter.${param.slice(2)}`, message: 'must be an ISO 8601 time' }]);
    qb.andWhere(`${column} ${operator} :${param}`, { [param]: new Date(value) });
  };

export const before = timeBound('<');
export const after = timeBound('>');

/** A `q` filter's value: text of at most 200 characters. */
export function searchText(value: unknown, param: string): string {
  if (typeof value !== 'string' || value.length > 200)
    throw validationFailed([{ field: `filter.${param.slice(2)}`, message: 'must be text (at most 200 characters)' }]);
  return value;
}

export const textSearch =
  <T extends ObjectLiteral>(build: (param: string) => string): FilterApplier<T> =>
  (qb, raw, param) => {
    const value = searchText(raw, param);
    if (value.trim() === '') return;
    qb.andWhere(build(param), {
      [param]: `%${value
        .trim()
        .replace(/[\\%_]/g, (c) => `\\${c}`)
        .toLowerCase()}%`,
    });
  };
