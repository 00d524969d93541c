import { Injectable } from '@nestjs/common';
import { UserRecord } from '@aftersale/contracts';
import { UserAccounts } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { hashPassword, scryptParams } from '../../infrastructure/auth/passwords';
import { CredentialCache } from '../../infrastructure/auth/credential-cache';
import { Principal } from '../../infrastructure/auth/principal';
import { changeTeamMember } from '../team-member';
import { ResetPasswordDto } from '../user-dtos';

/**
 * The admin sets a new password for a team member (who is told it out of band). Tokens issued before the
 * reset stop working: a reset after a leak must end the leaked sessions too. The audit says that it
 * happened, never the password.
 */
@Injectable()
export class ResetPasswordService {
  constructor(
    private readonly users: UserAccounts,
    private readonly credentials: CredentialCache,
    private readonly config: ServerConfig,
  ) {}

  async reset(id: string, body: ResetPasswordDto, principal: Principal): Promise<UserRecord> {
    const passwordHash = await hashPassword(body.password, scryptParams(this.config.passwordScryptLogN));
    const record = await changeTeamMember(this.users, id, principal, 'UserPasswordReset', (_user, now) => ({
      passwordHash,
      passwordChangedAt: now,
    }));
    this.credentials.forget(`user:${record.id}`);
    return record;
  }
}
