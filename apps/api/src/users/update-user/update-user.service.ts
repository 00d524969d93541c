import { Injectable } from '@nestjs/common';
import { UserRecord } from '@aftersale/contracts';
import { UserAccounts } from '@aftersale/server/persistence';
import { CredentialCache } from '../../infrastructure/auth/credential-cache';
import { Principal } from '../../infrastructure/auth/principal';
import { ProblemException } from '../../infrastructure/problems/problem.exception';
import { changeTeamMember } from '../team-member';
import { UpdateUserDto } from '../user-dtos';

/**
 * Name, role and disabled. An admin cannot disable or demote themselves, so a seller never locks its own
 * admin out by a slip. Disabling takes effect on the next request (the auth guard reads the user's row).
 */
@Injectable()
export class UpdateUserService {
  constructor(
    private readonly users: UserAccounts,
    private readonly credentials: CredentialCache,
  ) {}

  async update(id: string, body: UpdateUserDto, principal: Principal): Promise<UserRecord> {
    const record = await changeTeamMember(this.users, id, principal, 'UserUpdated', (user, now) => {
      if (user.id === principal.id) {
        if (body.role !== undefined && body.role !== user.role)
          throw new ProblemException('forbidden', 'An admin cannot change their own role.');
        if (body.disabled === true && user.disabledAt === null)
          throw new ProblemException('forbidden', 'An admin cannot disable themselves.');
      }
      const name = body.name !== undefined ? body.name : user.name;
      const role = body.role !== undefined ? body.role : user.role;
      const disabledAt =
        body.disabled === undefined ? user.disabledAt : body.disabled ? (user.disabledAt ?? now) : null;
      const changed = name !== user.name || role !== user.role || disabledAt !== user.disabledAt;
      return changed ? { name, role, disabledAt } : null;
    });
    // this process applies the change at once; the others within CREDENTIAL_CACHE_MS
    this.credentials.forget(`user:${record.id}`);
    return record;
  }
}
