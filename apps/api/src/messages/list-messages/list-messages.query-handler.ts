import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MESSAGE_CASE_TYPES, MessageCaseType, MessageView } from '@aftersale/contracts';
import { MessageOrmEntity, messageView } from '@aftersale/server/persistence';
import { Page, queryPage } from '../../infrastructure/lists/list-params';
import { validationFailed } from '../../infrastructure/problems/problem.exception';
import { scoped } from '../../infrastructure/tenancy';
import { findMessageCase } from '../message-cases';
import { ListMessagesQuery, MESSAGES_LIST } from './list-messages.query';

@QueryHandler(ListMessagesQuery)
export class ListMessagesQueryHandler implements IQueryHandler<ListMessagesQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, params }: ListMessagesQuery): Promise<Page<MessageView>> {
    const { caseType, caseId } = params.filter;
    if (typeof caseType !== 'string' || !(MESSAGE_CASE_TYPES as readonly string[]).includes(caseType)) {
      throw validationFailed([
        { field: 'filter.caseType', message: `must be one of ${MESSAGE_CASE_TYPES.join(', ')}` },
      ]);
    }
    if (typeof caseId !== 'string') throw validationFailed([{ field: 'filter.caseId', message: 'must be an id' }]);
    await findMessageCase(this.dataSource, principal, caseType as MessageCaseType, caseId);
    const qb = scoped(this.dataSource.getRepository(MessageOrmEntity).createQueryBuilder('m'), principal);
    return queryPage(qb, params, MESSAGES_LIST, messageView);
  }
}
