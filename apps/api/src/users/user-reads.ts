import { RecordReads } from '../infrastructure/lists/record-reads';
import { ROLES, UserRecord } from '@aftersale/contracts';
import { UserOrmEntity, userRecordView } from '@aftersale/server/persistence';
import { equalsOneOf, ListSpec, textSearch } from '../infrastructure/lists/list-params';
import { validationFailed } from '../infrastructure/problems/problem.exception';

export const USERS_LIST: ListSpec<UserOrmEntity> = {
  resource: 'users',
  sortable: {
    id: 'u.id',
    createdAt: 'u.created_at',
    updatedAt: 'u.updated_at',
    email: 'u.email',
    name: 'u.name',
    role: 'u.role',
  },
  filters: {
    q: textSearch((p) => `(lower(u.email) LIKE :${p} OR lower(u.name) LIKE :${p})`),
    role: equalsOneOf('u.role', ROLES),
    disabled: (qb, value) => {
      if (typeof value !== 'boolean')
        throw validationFailed([{ field: 'filter.disabled', message: 'must be a boolean' }]);
      qb.andWhere(value ? 'u.disabled_at IS NOT NULL' : 'u.disabled_at IS NULL');
    },
  },
};

/** `GET /users` and `GET /users/:id` */
export const USER_READS: RecordReads<UserOrmEntity, UserRecord> = {
  entity: UserOrmEntity,
  what: 'user',
  alias: 'u',
  list: USERS_LIST,
  view: userRecordView,
};
