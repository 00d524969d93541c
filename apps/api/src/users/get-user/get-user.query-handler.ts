import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserRecord } from '@aftersale/contracts';
import { UserOrmEntity } from '@aftersale/server/persistence';
import { findVisible } from '../../infrastructure/tenancy';
import { userRecord } from '../user-record';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserQueryHandler implements IQueryHandler<GetUserQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, id }: GetUserQuery): Promise<UserRecord> {
    return userRecord(await findVisible(this.dataSource, UserOrmEntity, id, principal, 'user'));
  }
}
