import { Injectable } from '@nestjs/common';
import { UserRecord } from '@aftersale/contracts';
import { UserAccounts, userRecordView } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { hashPassword, scryptParams } from '../../infrastructure/auth/passwords';
import { actorOf, Principal } from '../../infrastructure/auth/principal';
import { ProblemException } from '../../infrastructure/problems/problem.exception';
import { CreateUserDto } from '../user-dtos';

/** A seller admin adds a team member to their own seller. Emails are unique across all sellers. */
@Injectable()
export class CreateUserService {
  constructor(
    private readonly users: UserAccounts,
    private readonly config: ServerConfig,
  ) {}

  async create(body: CreateUserDto, principal: Principal): Promise<UserRecord> {
    // hashed before the transaction: the hash is slow on purpose
    const passwordHash = await hashPassword(body.password, scryptParams(this.config.passwordScryptLogN));
    const user = await this.users.create(
      { email: body.email, name: body.name, role: body.role, sellerId: principal.sellerId, passwordHash },
      actorOf(principal),
    );
    if (!user) throw new ProblemException('duplicate-email', 'A user with this email exists already.');
    return userRecordView(user);
  }
}
