import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral } from 'typeorm';
import { findVisible } from '../tenancy';
import { GetRecordQuery } from './record-reads';

@QueryHandler(GetRecordQuery)
export class GetRecordQueryHandler implements IQueryHandler<GetRecordQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ records, principal, id }: GetRecordQuery<ObjectLiteral, unknown>): Promise<unknown> {
    return records.view(
      await findVisible(this.dataSource, records.entity, id, principal, records.what, records.relations),
    );
  }
}
