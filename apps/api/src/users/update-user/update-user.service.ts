import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserRecord } from '@aftersale/contracts';
import { UserOrmEntity } from '@aftersale/server/persistence';
import { CredentialCache } from '../../infrastructure/auth/credential-cache';
import { Principal } from '../../infrastructure/auth/principal';
import { ProblemException } from '../../infrastructure/problems/problem.exception';
import { lockTeamMember } from '../team-member';
import { UpdateUserDto } from '../user-dtos';
import { auditUserChange, userRecord } from '../user-record';

/**
 * Name, role and disabled. An admin cannot disable or demote themselves, so a seller never locks its own
 * admin out by a slip. Disabling takes effect on the next request (the auth guard reads the user's row).
 */
@Injectable()
export class UpdateUserService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialCache,
  ) {}

  async update(id: string, body: UpdateUserDto, principal: Principal): Promise<UserRecord> {
    const record = await this.dataSource.transaction(async (manager) => {
      const user = await lockTeamMember(manager, id, principal);
      if (user.id === principal.id) {
        if (body.role !== undefined && body.role !== user.role)
          throw new ProblemException('forbidden', 'An admin cannot change their own role.');
        if (body.disabled === true && user.disabledAt === null)
          throw new ProblemException('forbidden', 'An admin cannot disable themselves.');
      }
      const before = manager.create(UserOrmEntity, { ...user });
      const [{ now }] = await manager.query(`SELECT now() AS now`);
      if (body.name !== undefined) user.name = body.name;
      if (body.role !== undefined) user.role = body.role;
      if (body.disabled !== undefined) user.disabledAt = body.disabled ? (user.disabledAt ?? now) : null;
      const changed = user.name !== before.name || user.role !== before.role || user.disabledAt !== before.disabledAt;
      if (!changed) return userRecord(user);
      user.updatedAt = now;
      await manager.update(
        UserOrmEntity,
        { id: user.id },
        { name: user.name, role: user.role, disabledAt: user.disabledAt, updatedAt: now },
      );
      await auditUserChange(manager, principal, 'UserUpdated', before, user, now);
      return userRecord(user);
    });
    // this process applies the change at once; the others within CREDENTIAL_CACHE_MS
    this.credentials.forget(`user:${record.id}`);
    return record;
  }
}
