import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CancellationRequestOrmEntity, cancellationView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { ListCancellationsQuery, CANCELLATIONS_LIST } from './list-cancellations.query';

@QueryHandler(ListCancellationsQuery)
export class ListCancellationsQueryHandler implements IQueryHandler<ListCancellationsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListCancellationsQuery): Promise<Page<ReturnType<typeof cancellationView>>> {
    const qb = scoped(this.dataSource.getRepository(CancellationRequestOrmEntity).createQueryBuilder('c'), principal);
    return queryPage(qb, params, CANCELLATIONS_LIST, cancellationView);
  }
}
