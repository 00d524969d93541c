import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReturnCaseOrmEntity, returnView } from '@aftersale/server/persistence';
import { findVisible } from '../../infrastructure/tenancy';
import { GetReturnQuery } from './get-return.query';

@QueryHandler(GetReturnQuery)
export class GetReturnQueryHandler implements IQueryHandler<GetReturnQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, id }: GetReturnQuery): Promise<ReturnType<typeof returnView>> {
    return returnView(await findVisible(this.dataSource, ReturnCaseOrmEntity, id, principal, 'return case'));
  }
}
