import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserRecord } from '@aftersale/contracts';
import { UserOrmEntity } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { hashPassword, scryptParams } from '../../infrastructure/auth/passwords';
import { CredentialCache } from '../../infrastructure/auth/credential-cache';
import { Principal } from '../../infrastructure/auth/principal';
import { lockTeamMember } from '../team-member';
import { ResetPasswordDto } from '../user-dtos';
import { auditUserChange, userRecord } from '../user-record';

/**
 * The admin sets a new password for a team member (who is told it out of band). Tokens issued before the
 * reset stop working: a reset after a leak must end the leaked sessions too. The audit says that it
 * happened, never the password.
 */
@Injectable()
export class ResetPasswordService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialCache,
    private readonly config: ServerConfig,
  ) {}

  async reset(id: string, body: ResetPasswordDto, principal: Principal): Promise<UserRecord> {
    const passwordHash = await hashPassword(body.password, scryptParams(this.config.passwordScryptLogN));
    const record = await this.dataSource.transaction(async (manager) => {
      const user = await lockTeamMember(manager, id, principal);
      const before = manager.create(UserOrmEntity, { ...user });
      const [{ now }] = await manager.query(`SELECT now() AS now`);
      Object.assign(user, { passwordHash, passwordChangedAt: now, updatedAt: now });
      await manager.update(UserOrmEntity, { id: user.id }, { passwordHash, passwordChangedAt: now, updatedAt: now });
      await auditUserChange(manager, principal, 'UserPasswordReset', before, user, now);
      return userRecord(user);
    });
    this.credentials.forget(`user:${record.id}`);
    return record;
  }
}
