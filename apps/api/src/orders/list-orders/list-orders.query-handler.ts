import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { OrderLineOrmEntity, OrderOrmEntity, orderView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { ListOrdersQuery, ORDERS_LIST } from './list-orders.query';

@QueryHandler(ListOrdersQuery)
export class ListOrdersQueryHandler implements IQueryHandler<ListOrdersQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListOrdersQuery): Promise<Page<ReturnType<typeof orderView>>> {
    // the page of orders alone (read in index order), then the lines of those 25 in one query: a join would make
    // TypeORM page over DISTINCT ids of the joined rows, i.e. all of the seller's orders (docs/benchmarks.md)
    const qb = scoped(this.dataSource.getRepository(OrderOrmEntity).createQueryBuilder('o'), principal);
    return queryPage(qb, params, ORDERS_LIST, orderView, async (orders) => {
      const lines = await this.dataSource
        .getRepository(OrderLineOrmEntity)
        .findBy({ orderId: In(orders.map((o) => o.id)) });
      for (const order of orders) order.lines = lines.filter((line) => line.orderId === order.id);
    });
  }
}
