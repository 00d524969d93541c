import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrderOrmEntity, orderView } from '@aftersale/server/persistence';
import { findVisible } from '../../infrastructure/tenancy';
import { GetOrderQuery } from './get-order.query';

@QueryHandler(GetOrderQuery)
export class GetOrderQueryHandler implements IQueryHandler<GetOrderQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, id }: GetOrderQuery): Promise<ReturnType<typeof orderView>> {
    return orderView(await findVisible(this.dataSource, OrderOrmEntity, id, principal, 'order', ['lines']));
  }
}
