import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CancellationRequestOrmEntity, cancellationView } from '@aftersale/server/persistence';
import { findVisible } from '../../infrastructure/tenancy';
import { cancellationLinkOf } from '../../marketplace/marketplace-link.view';
import { GetCancellationQuery } from './get-cancellation.query';

@QueryHandler(GetCancellationQuery)
export class GetCancellationQueryHandler implements IQueryHandler<GetCancellationQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, id }: GetCancellationQuery): Promise<ReturnType<typeof cancellationView>> {
    const view = cancellationView(
      await findVisible(this.dataSource, CancellationRequestOrmEntity, id, principal, 'cancellation request'),
    );
    return { ...view, marketplace: await cancellationLinkOf(this.dataSource, view) };
  }
}
