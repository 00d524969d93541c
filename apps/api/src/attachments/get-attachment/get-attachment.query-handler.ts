import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AttachmentOrmEntity, TenantRecords } from '@aftersale/server/persistence';
import { findVisible } from '../../infrastructure/tenancy';
import { GetAttachmentQuery } from './get-attachment.query';

/**
 * Users of the owning seller (warehouse too), that seller's channel, and ops; anyone else 404. An ops upload
 * not yet used on a case has no seller, so only ops sees it.
 */
@QueryHandler(GetAttachmentQuery)
export class GetAttachmentQueryHandler implements IQueryHandler<GetAttachmentQuery> {
  constructor(private readonly records: TenantRecords) {}

  execute({ principal, id }: GetAttachmentQuery): Promise<AttachmentOrmEntity> {
    return findVisible(this.records, AttachmentOrmEntity, id, principal, 'attachment');
  }
}
