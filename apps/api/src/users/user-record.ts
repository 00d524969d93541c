import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { UserRecord } from '@aftersale/contracts';
import { AuditEventOrmEntity, UserOrmEntity } from '@aftersale/server/persistence';
import { actorOf, Principal } from '../infrastructure/auth/principal';

/** A team member as the admin sees them; the password hash never leaves the api. */
export function userRecord(user: UserOrmEntity): UserRecord {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sellerId: user.sellerId,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** What the audit keeps of a user: never the password or its hash. */
function audited(user: UserOrmEntity) {
  const { email, name, role, disabledAt } = userRecord(user);
  return { email, name, role, disabledAt };
}

/**
 * Team changes are evidence like case transitions: an audit event (case type `user`) in the change's
 * transaction, with who, when, and the user before and after.
 */
export async function auditUserChange(
  manager: EntityManager,
  principal: Principal,
  type: 'UserCreated' | 'UserUpdated' | 'UserPasswordReset',
  before: UserOrmEntity | null,
  after: UserOrmEntity,
  at: Date,
): Promise<void> {
  await manager.insert(AuditEventOrmEntity, {
    id: randomUUID(),
    sellerId: after.sellerId!,
    caseType: 'user',
    caseId: after.id,
    orderId: null,
    type,
    from: null,
    to: null,
    actor: actorOf(principal),
    at,
    data: { before: before && audited(before), after: audited(after) } as Record<string, any>,
  });
}
