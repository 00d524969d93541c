import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReturnView } from '@aftersale/contracts';
import { ReturnCaseOrmEntity, returnView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { ListReturnsQuery, RETURNS_LIST } from './list-returns.query';

@QueryHandler(ListReturnsQuery)
export class ListReturnsQueryHandler implements IQueryHandler<ListReturnsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListReturnsQuery): Promise<Page<ReturnView>> {
    const qb = scoped(this.dataSource.getRepository(ReturnCaseOrmEntity).createQueryBuilder('r'), principal);
    return queryPage(qb, params, RETURNS_LIST, returnView);
  }
}
