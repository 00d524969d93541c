import { Injectable } from '@nestjs/common';
import { UserAccounts, userRecordView } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { hashPassword, scryptParams } from '../../infrastructure/auth/passwords';
import { actorOf, Principal } from '../../infrastructure/auth/principal';
import { CommandAnswer, CommandGateway } from '../../infrastructure/commands/command-gateway.service';
import { ProblemException } from '../../infrastructure/problems/problem.exception';
import { passwordInPayload, samePassword } from '../team-member';
import { CreateUserDto } from '../user-dtos';

/**
 * A seller admin adds a team member to their own seller. Emails are unique across all sellers. Written in one
 * transaction with its command row (docs/api.md "Command semantics"): a retry under the same Idempotency-Key gets
 * the first answer, not 409 `duplicate-email`.
 */
@Injectable()
export class CreateUserService {
  constructor(
    private readonly users: UserAccounts,
    private readonly config: ServerConfig,
    private readonly commands: CommandGateway,
  ) {}

  async create(body: CreateUserDto, principal: Principal, idempotencyKey?: string): Promise<CommandAnswer> {
    // hashed before the transaction: the hash is slow on purpose
    const passwordHash = await hashPassword(body.password, scryptParams(this.config.passwordScryptLogN));
    const compared = { email: body.email, name: body.name, role: body.role };
    return this.commands.applyInline(
      {
        principal,
        type: 'CreateUser',
        payload: { ...compared, ...passwordInPayload(passwordHash, idempotencyKey) },
        compared,
        sameSecret: (earlier) => samePassword(body.password, earlier),
        sellerId: principal.sellerId,
        requestKey: 'POST /users',
        idempotencyKey,
        resourceType: 'user',
        successStatus: 201,
      },
      async (manager) => {
        const user = await this.users.create(
          { email: body.email, name: body.name, role: body.role, sellerId: principal.sellerId, passwordHash },
          actorOf(principal),
          manager,
        );
        if (!user) throw new ProblemException('duplicate-email', 'A user with this email exists already.');
        return { resourceId: user.id, result: userRecordView(user) };
      },
    );
  }
}
