import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RefundOrmEntity, refundView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { ListRefundsQuery, REFUNDS_LIST } from './list-refunds.query';

@QueryHandler(ListRefundsQuery)
export class ListRefundsQueryHandler implements IQueryHandler<ListRefundsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListRefundsQuery): Promise<Page<ReturnType<typeof refundView>>> {
    const qb = scoped(this.dataSource.getRepository(RefundOrmEntity).createQueryBuilder('r'), principal);
    return queryPage(qb, params, REFUNDS_LIST, refundView);
  }
}
