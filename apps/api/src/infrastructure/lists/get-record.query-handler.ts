import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ObjectLiteral } from 'typeorm';
import { TenantRecords } from '@aftersale/server/persistence';
import { findVisible } from '../tenancy';
import { notFound } from '../problems/problem.exception';
import { GetRecordQuery } from './record-reads';

@QueryHandler(GetRecordQuery)
export class GetRecordQueryHandler implements IQueryHandler<GetRecordQuery> {
  constructor(private readonly tenantRecords: TenantRecords) {}

  async execute({ records, principal, id }: GetRecordQuery<ObjectLiteral, unknown>): Promise<unknown> {
    const row = await findVisible(this.tenantRecords, records.entity, id, principal, records.what, records.relations);
    if (records.withheld?.(principal)?.holds(row)) throw notFound(records.what);
    return records.view(row);
  }
}
