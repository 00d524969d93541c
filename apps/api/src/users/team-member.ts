import { UserRecord } from '@aftersale/contracts';
import { UserAccounts, UserChange, UserEdit, UserOrmEntity, userRecordView } from '@aftersale/server/persistence';
import { actorOf, Principal } from '../infrastructure/auth/principal';
import { isUuid } from '../infrastructure/problems/id.pipe';
import { notFound } from '../infrastructure/problems/problem.exception';

/**
 * Changes a user of the admin's own seller (row-locked, audited in the change's transaction); anyone else's user
 * does not exist (404). `edit` gives the fields to write, or null for no change.
 */
export async function changeTeamMember(
  users: UserAccounts,
  id: string,
  principal: Principal,
  type: Exclude<UserChange, 'UserCreated'>,
  edit: (user: UserOrmEntity, now: Date) => UserEdit | null,
): Promise<UserRecord> {
  if (!isUuid(id) || !principal.sellerId) throw notFound('user');
  const user = await users.change(id.toLowerCase(), principal.sellerId, type, actorOf(principal), edit);
  if (!user) throw notFound('user');
  return userRecordView(user);
}
