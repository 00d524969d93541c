import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ObjectLiteral } from 'typeorm';
import { TenantRecords } from '@aftersale/server/persistence';
import { tenantOf } from '../auth/principal';
import { Page, queryPage } from './list-params';
import { ListRecordsQuery } from './record-reads';

@QueryHandler(ListRecordsQuery)
export class ListRecordsQueryHandler implements IQueryHandler<ListRecordsQuery> {
  constructor(private readonly tenantRecords: TenantRecords) {}

  execute({ records, principal, params }: ListRecordsQuery<ObjectLiteral, unknown>): Promise<Page<unknown>> {
    const relations = records.relations ?? [];
    // the page alone (read in index order), then the page's relations in one query
    const load =
      relations.length === 0
        ? undefined
        : (rows: ObjectLiteral[]) => this.tenantRecords.loadRelations(records.entity, rows, relations);
    const qb = this.tenantRecords.select(records.entity, records.alias, tenantOf(principal));
    const withheld = records.withheld?.(principal);
    if (withheld) qb.andWhere(`NOT (${withheld.where})`);
    return queryPage(qb, params, records.list, records.view, load);
  }
}
