import { QueryBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import { ListParams } from '@aftersale/contracts';
import { Principal } from '../auth/principal';
import { ListSpec, parseListParams, sendPage } from './list-params';

/**
 * A resource the api lists and shows as stored, scoped to the principal's seller: where its rows are, what a
 * 404 calls one, its list's sorts and filters, and its presenter (libs/server/persistence views.ts).
 */
export interface RecordReads<Row extends ObjectLiteral, View> {
  entity: EntityTarget<Row>;
  what: string;
  /** the table's alias in the list's SQL (the list spec's sorts and filters use it) */
  alias: string;
  /** relations loaded with each record */
  relations?: string[];
  list: ListSpec<Row>;
  view: (row: Row) => View;
  /**
   * Records of the principal's tenant that the principal's role still may not read (the team's audit events for
   * an agent): a condition on `alias` for lists, the same test on a row for `GET /:id`, which answers 404 for them
   * as for another seller's. None: the whole tenant.
   */
  withheld?: (principal: Principal) => { where: string; holds: (row: Row) => boolean } | undefined;
}

/** A page of a resource as the principal may see it. */
export class ListRecordsQuery<Row extends ObjectLiteral = ObjectLiteral, View = unknown> {
  constructor(
    readonly records: RecordReads<Row, View>,
    readonly principal: Principal,
    readonly params: ListParams,
  ) {}
}

/** One record by id, 404 when the principal may not see it. */
export class GetRecordQuery<Row extends ObjectLiteral = ObjectLiteral, View = unknown> {
  constructor(
    readonly records: RecordReads<Row, View>,
    readonly principal: Principal,
    readonly id: string,
  ) {}
}

/** `GET /<records>`: the page the query string asks for, with its `Content-Range`. */
export async function listRecords<Row extends ObjectLiteral, View>(
  queries: QueryBus,
  records: RecordReads<Row, View>,
  query: Record<string, unknown>,
  principal: Principal,
  response: Response,
): Promise<View[]> {
  const params = parseListParams(query, records.list);
  return sendPage(response, await queries.execute(new ListRecordsQuery(records, principal, params)));
}

/** `GET /<records>/:id` */
export function getRecord<Row extends ObjectLiteral, View>(
  queries: QueryBus,
  records: RecordReads<Row, View>,
  id: string,
  principal: Principal,
): Promise<View> {
  return queries.execute(new GetRecordQuery(records, principal, id));
}
