import { Injectable } from '@nestjs/common';
import { UserAccounts } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { hashPassword, scryptParams } from '../../infrastructure/auth/passwords';
import { CredentialCache } from '../../infrastructure/auth/credential-cache';
import { Principal } from '../../infrastructure/auth/principal';
import { CommandAnswer, CommandGateway } from '../../infrastructure/commands/command-gateway.service';
import { isUuid } from '../../infrastructure/problems/id.pipe';
import { notFound } from '../../infrastructure/problems/problem.exception';
import { changeTeamMember, passwordInPayload, samePassword } from '../team-member';
import { ResetPasswordDto } from '../user-dtos';

/**
 * The admin sets a new password for a team member (who is told it out of band). Tokens issued before the
 * reset stop working: a reset after a leak must end the leaked sessions too. The audit says that it
 * happened, never the password. Written in one transaction with its command row (docs/api.md "Command
 * semantics"): a retry under the same Idempotency-Key gets the first answer and resets nothing again.
 */
@Injectable()
export class ResetPasswordService {
  constructor(
    private readonly users: UserAccounts,
    private readonly credentials: CredentialCache,
    private readonly config: ServerConfig,
    private readonly commands: CommandGateway,
  ) {}

  async reset(
    id: string,
    body: ResetPasswordDto,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<CommandAnswer> {
    if (!isUuid(id) || !principal.sellerId) throw notFound('user');
    const userId = id.toLowerCase();
    const passwordHash = await hashPassword(body.password, scryptParams(this.config.passwordScryptLogN));
    const answer = await this.commands.applyInline(
      {
        principal,
        type: 'ResetUserPassword',
        payload: { userId, ...passwordInPayload(passwordHash, idempotencyKey) },
        compared: { userId },
        sameSecret: (earlier) => samePassword(body.password, earlier),
        sellerId: principal.sellerId,
        requestKey: `POST /users/${userId}/reset-password`,
        idempotencyKey,
        resourceType: 'user',
        resourceId: userId,
        successStatus: 200,
      },
      async (manager) => {
        const record = await changeTeamMember(
          this.users,
          userId,
          principal,
          'UserPasswordReset',
          (_user, now) => ({ passwordHash, passwordChangedAt: now }),
          manager,
        );
        return { resourceId: record.id, result: record };
      },
    );
    this.credentials.forget(`user:${userId}`);
    return answer;
  }
}
