import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ObjectLiteral } from 'typeorm';
import { TenantRecords } from '@aftersale/server/persistence';
import { findVisible } from '../tenancy';
import { GetRecordQuery } from './record-reads';

@QueryHandler(GetRecordQuery)
export class GetRecordQueryHandler implements IQueryHandler<GetRecordQuery> {
  constructor(private readonly tenantRecords: TenantRecords) {}

  async execute({ records, principal, id }: GetRecordQuery<ObjectLiteral, unknown>): Promise<unknown> {
    return records.view(
      await findVisible(this.tenantRecords, records.entity, id, principal, records.what, records.relations),
    );
  }
}
