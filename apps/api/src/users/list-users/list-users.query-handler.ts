import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserRecord } from '@aftersale/contracts';
import { UserOrmEntity } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { userRecord } from '../user-record';
import { ListUsersQuery, USERS_LIST } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersQueryHandler implements IQueryHandler<ListUsersQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListUsersQuery): Promise<Page<UserRecord>> {
    const qb = scoped(this.dataSource.getRepository(UserOrmEntity).createQueryBuilder('u'), principal);
    return queryPage(qb, params, USERS_LIST, userRecord);
  }
}
