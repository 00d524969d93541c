import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral } from 'typeorm';
import { scoped } from '../tenancy';
import { Page, queryPage } from './list-params';
import { ListRecordsQuery } from './record-reads';

@QueryHandler(ListRecordsQuery)
export class ListRecordsQueryHandler implements IQueryHandler<ListRecordsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ records, principal, params }: ListRecordsQuery<ObjectLiteral, unknown>): Promise<Page<unknown>> {
    const qb = this.dataSource.getRepository(records.entity).createQueryBuilder(records.alias);
    for (const relation of records.relations ?? []) qb.leftJoinAndSelect(`${records.alias}.${relation}`, relation);
    return queryPage(scoped(qb, principal), params, records.list, records.view);
  }
}
