import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { UserRecord } from '@aftersale/contracts';
import { UserOrmEntity } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { hashPassword, scryptParams } from '../../infrastructure/auth/passwords';
import { Principal } from '../../infrastructure/auth/principal';
import { ProblemException } from '../../infrastructure/problems/problem.exception';
import { CreateUserDto } from '../user-dtos';
import { auditUserChange, userRecord } from '../user-record';

/** A seller admin adds a team member to their own seller. Emails are unique across all sellers. */
@Injectable()
export class CreateUserService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ServerConfig,
  ) {}

  async create(body: CreateUserDto, principal: Principal): Promise<UserRecord> {
    // hashed before the transaction: the hash is slow on purpose
    const passwordHash = await hashPassword(body.password, scryptParams(this.config.passwordScryptLogN));
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [{ now }] = await manager.query(`SELECT now() AS now`);
        const user = manager.create(UserOrmEntity, {
          id: randomUUID(),
          email: body.email,
          name: body.name,
          role: body.role,
          sellerId: principal.sellerId,
          passwordHash,
          disabledAt: null,
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(UserOrmEntity, user);
        await auditUserChange(manager, principal, 'UserCreated', null, user, now);
        return userRecord(user);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        throw new ProblemException('duplicate-email', 'A user with this email exists already.');
      }
      throw error;
    }
  }
}
