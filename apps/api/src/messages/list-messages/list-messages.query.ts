import { MESSAGE_CASE_TYPES } from '@aftersale/contracts';
import { MessageOrmEntity } from '@aftersale/server/persistence';
import { equalsId, equalsOneOf, ListSpec } from '../../infrastructure/lists/list-params';
import { ListQuery } from '../../infrastructure/lists/read-queries';

/** A case's thread, oldest first unless sorted otherwise. */
export class ListMessagesQuery extends ListQuery {}

export const MESSAGES_LIST: ListSpec<MessageOrmEntity> = {
  resource: 'messages',
  sortable: { id: 'm.id', createdAt: 'm.seq' },
  filters: {
    caseType: equalsOneOf('m.case_type', MESSAGE_CASE_TYPES),
    caseId: equalsId('m.case_id'),
  },
  required: [['caseType', 'caseId']],
};
