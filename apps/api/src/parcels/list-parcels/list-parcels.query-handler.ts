import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ParcelView } from '@aftersale/contracts';
import { ParcelOrmEntity, parcelView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { scoped } from '../../infrastructure/tenancy';
import { ListParcelsQuery, PARCELS_LIST } from './list-parcels.query';

@QueryHandler(ListParcelsQuery)
export class ListParcelsQueryHandler implements IQueryHandler<ListParcelsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ principal, params }: ListParcelsQuery): Promise<Page<ParcelView>> {
    const qb = scoped(this.dataSource.getRepository(ParcelOrmEntity).createQueryBuilder('p'), principal);
    return queryPage(qb, params, PARCELS_LIST, parcelView);
  }
}
