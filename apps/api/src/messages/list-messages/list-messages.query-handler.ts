import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MESSAGE_CASE_TYPES, MessageCaseType, MessageView } from '@aftersale/contracts';
import { MessageOrmEntity, messageView, TenantRecords } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { tenantOf } from '../../infrastructure/auth/principal';
import { findMessageCase } from '../message-cases';
import { ListMessagesQuery, MESSAGES_LIST } from './list-messages.query';

@QueryHandler(ListMessagesQuery)
export class ListMessagesQueryHandler implements IQueryHandler<ListMessagesQuery> {
  constructor(private readonly records: TenantRecords) {}

  async execute({ principal, params }: ListMessagesQuery): Promise<Page<MessageView>> {
    const { caseType, caseId } = params.filter;
    if (typeof caseType !== 'string' || !(MESSAGE_CASE_TYPES as readonly string[]).includes(caseType)) {
      throw validationFailed([
        { field: 'filter.caseType', message: `must be one of ${MESSAGE_CASE_TYPES.join(', ')}` },
      ]);
    }
    if (typeof caseId !== 'string') throw validationFailed([{ field: 'filter.caseId', message: 'must be an id' }]);
    await findMessageCase(this.records, principal, caseType as MessageCaseType, caseId);
    const qb = this.records.select(MessageOrmEntity, 'm', tenantOf(principal));
    return queryPage(qb, params, MESSAGES_LIST, messageView);
  }
}
