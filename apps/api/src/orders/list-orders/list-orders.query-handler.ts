import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrderOrmEntity, orderView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { ListOrdersQuery, ORDERS_LIST } from './list-orders.query';

@QueryHandler(ListOrdersQuery)
export class ListOrdersQueryHandler implements IQueryHandler<ListOrdersQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListOrdersQuery): Promise<Page<ReturnType<typeof orderView>>> {
    const qb = scoped(
      this.dataSource.getRepository(OrderOrmEntity).createQueryBuilder('o').leftJoinAndSelect('o.lines', 'line'),
      principal,
    );
    return queryPage(qb, params, ORDERS_LIST, orderView);
  }
}
