import { EntityManager } from 'typeorm';
import { UserRecord } from '@aftersale/contracts';
import { UserAccounts, UserChange, UserEdit, UserOrmEntity, userRecordView } from '@aftersale/server/persistence';
import { verifyPassword } from '../infrastructure/auth/passwords';
import { actorOf, Principal } from '../infrastructure/auth/principal';
import { isUuid } from '../infrastructure/problems/id.pipe';
import { notFound } from '../infrastructure/problems/problem.exception';

/**
 * Changes a user of the admin's own seller (row-locked, audited in the change's transaction — `manager`'s when
 * given); anyone else's user does not exist (404). `edit` gives the fields to write, or null for no change.
 */
export async function changeTeamMember(
  users: UserAccounts,
  id: string,
  principal: Principal,
  type: Exclude<UserChange, 'UserCreated'>,
  edit: (user: UserOrmEntity, now: Date) => UserEdit | null,
  manager?: EntityManager,
): Promise<UserRecord> {
  if (!isUuid(id) || !principal.sellerId) throw notFound('user');
  const user = await users.change(id.toLowerCase(), principal.sellerId, type, actorOf(principal), edit, manager);
  if (!user) throw notFound('user');
  return userRecordView(user);
}

/**
 * A password in a command's payload (docs/api.md "Command semantics"): never itself, nor under a fast hash that a
 * dictionary could be run against, but as the slow, salted hash the user row gets — and only under an
 * Idempotency-Key, the one case where a retry's password is compared with it (`samePassword`).
 */
export function passwordInPayload(passwordHash: string, idempotencyKey: string | undefined) {
  return idempotencyKey?.trim() ? { passwordHash } : {};
}

/** Whether a retry's password is the one the earlier command's payload holds the hash of (`passwordInPayload`). */
export async function samePassword(password: string, earlierPayload: Record<string, unknown>): Promise<boolean> {
  const stored = earlierPayload.passwordHash;
  return typeof stored === 'string' && verifyPassword(password, stored);
}
