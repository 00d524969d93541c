import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ParcelOrmEntity, parcelView } from '@aftersale/server/persistence';
import { findVisible } from '../../infrastructure/tenancy';
import { GetParcelQuery } from './get-parcel.query';

@QueryHandler(GetParcelQuery)
export class GetParcelQueryHandler implements IQueryHandler<GetParcelQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, id }: GetParcelQuery): Promise<ReturnType<typeof parcelView>> {
    return parcelView(await findVisible(this.dataSource, ParcelOrmEntity, id, principal, 'parcel'));
  }
}
