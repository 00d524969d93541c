import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RefundOrmEntity, refundView } from '@aftersale/server/persistence';
import { findVisible } from '../../infrastructure/tenancy';
import { GetRefundQuery } from './get-refund.query';

@QueryHandler(GetRefundQuery)
export class GetRefundQueryHandler implements IQueryHandler<GetRefundQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, id }: GetRefundQuery): Promise<ReturnType<typeof refundView>> {
    return refundView(await findVisible(this.dataSource, RefundOrmEntity, id, principal, 'refund'));
  }
}
