import { newId } from '@aftersale/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { ActorRef, Role } from '@aftersale/contracts';
import { AuditEventOrmEntity } from '../entities/audit-event.orm-entity';
import { ChannelKeyOrmEntity } from '../entities/channel-key.orm-entity';
import { UserOrmEntity } from '../entities/user.orm-entity';
import { userRecordView } from '../presenters/views';
import { databaseNow } from './deadline-timers';

/** A team change, as its audit event names it. */
export type UserChange = 'UserCreated' | 'UserUpdated' | 'UserPasswordReset';

/** The fields a team change may write. */
export type UserEdit = Partial<
  Pick<UserOrmEntity, 'name' | 'role' | 'disabledAt' | 'passwordHash' | 'passwordChangedAt'>
>;

/** What the auth guard reads of a user for each request: whether they still may, and with which role. */
export interface UserAuthState {
  role: Role;
  sellerId: string | null;
  name: string;
  email: string;
  disabledAt: Date | null;
  passwordChangedAt: Date | null;
}

/**
 * The api's accounts (docs/api.md "Principals", "Team"), provided with `onDataSource`: users and channel keys
 * as the auth guard and login read them, and the team changes, each with its audit event in its transaction and
 * stamped by the database's clock.
 */
export class UserAccounts {
  constructor(private readonly dataSource: DataSource) {}

  async authState(id: string): Promise<UserAuthState | null> {
    const [row] = await this.dataSource.query(
      `SELECT role, seller_id, name, email, disabled_at, password_changed_at FROM users WHERE id = $1`,
      [id],
    );
    return row
      ? {
          role: row.role,
          sellerId: row.seller_id,
          name: row.name,
          email: row.email,
          disabledAt: row.disabled_at,
          passwordChangedAt: row.password_changed_at,
        }
      : null;
  }

  channelKey(keyHash: string): Promise<ChannelKeyOrmEntity | null> {
    return this.dataSource.getRepository(ChannelKeyOrmEntity).findOne({ where: { keyHash } });
  }

  byEmail(email: string): Promise<UserOrmEntity | null> {
    return this.dataSource.getRepository(UserOrmEntity).findOneBy({ email });
  }

  byId(id: string): Promise<UserOrmEntity | null> {
    return this.dataSource.getRepository(UserOrmEntity).findOneBy({ id });
  }

  /** A stronger hash of the same password; a reset that happened meanwhile wins (the update names the old hash). */
  async upgradeHash(user: UserOrmEntity, upgraded: string): Promise<void> {
    await this.dataSource
      .getRepository(UserOrmEntity)
      .update(
        { id: user.id, passwordHash: user.passwordHash },
        { passwordHash: upgraded, updatedAt: () => 'updated_at' },
      );
  }

  /**
   * A new user with its `UserCreated` event, in `manager`'s transaction when given; null when the email is taken
   * (emails are unique across sellers) — the taken email fails no statement, so the transaction goes on. An email
   * another transaction is inserting waits for that one to end.
   */
  create(
    input: Pick<UserOrmEntity, 'email' | 'name' | 'role' | 'sellerId' | 'passwordHash'>,
    actor: ActorRef,
    manager?: EntityManager,
  ): Promise<UserOrmEntity | null> {
    const write = async (manager: EntityManager) => {
      const now = await databaseNow(manager);
      const user = manager.create(UserOrmEntity, {
        id: newId(),
        ...input,
        disabledAt: null,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(UserOrmEntity)
        .values(user)
        .orIgnore()
        .returning('id')
        .execute();
      if (inserted.raw.length === 0) return null;
      await auditUserChange(manager, actor, 'UserCreated', null, user, now);
      return user;
    };
    return manager ? write(manager) : this.dataSource.transaction(write);
  }

  /**
   * Changes a user of this seller under a row lock: `edit` sees the user and the database's clock and gives the
   * fields to write, or null for no change (then nothing is written or audited; an error it throws rolls back).
   * Null when the seller has no such user. In `manager`'s transaction when given.
   */
  change(
    id: string,
    sellerId: string,
    type: Exclude<UserChange, 'UserCreated'>,
    actor: ActorRef,
    edit: (user: UserOrmEntity, now: Date) => UserEdit | null,
    manager?: EntityManager,
  ): Promise<UserOrmEntity | null> {
    const write = async (manager: EntityManager) => {
      const user = await manager
        .getRepository(UserOrmEntity)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where('u.id = :id AND u.seller_id = :sellerId', { id, sellerId })
        .getOne();
      if (!user) return null;
      const now = await databaseNow(manager);
      const before = manager.create(UserOrmEntity, { ...user });
      const changes = edit(user, now);
      if (!changes) return user;
      Object.assign(user, changes, { updatedAt: now });
      await manager.update(UserOrmEntity, { id: user.id }, { ...changes, updatedAt: now });
      await auditUserChange(manager, actor, type, before, user, now);
      return user;
    };
    return manager ? write(manager) : this.dataSource.transaction(write);
  }
}

/** What the audit keeps of a user: never the password or its hash. */
function audited(user: UserOrmEntity) {
  const { email, name, role, disabledAt } = userRecordView(user);
  return { email, name, role, disabledAt };
}

/**
 * Team changes are evidence like case transitions: an audit event (case type `user`) in the change's
 * transaction, with who, when, and the user before and after.
 */
async function auditUserChange(
  manager: EntityManager,
  actor: ActorRef,
  type: UserChange,
  before: UserOrmEntity | null,
  after: UserOrmEntity,
  at: Date,
): Promise<void> {
  await manager.insert(AuditEventOrmEntity, {
    id: newId(),
    sellerId: after.sellerId!,
    caseType: 'user',
    caseId: after.id,
    orderId: null,
    type,
    from: null,
    to: null,
    actor,
    at,
    data: { before: before && audited(before), after: audited(after) } as Record<string, any>,
  });
}
