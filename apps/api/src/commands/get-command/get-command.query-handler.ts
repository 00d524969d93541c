import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandView } from '@aftersale/contracts';
import { CommandOrmEntity } from '@aftersale/server/persistence';
import { principalKey } from '../../infrastructure/auth/principal';
import { commandView } from '../../infrastructure/commands/command-gateway.service';
import { notFound } from '../../infrastructure/problems/problem.exception';
import { GetCommandQuery } from './get-command.query';

/** Only whoever sent a command sees it. */
@QueryHandler(GetCommandQuery)
export class GetCommandQueryHandler implements IQueryHandler<GetCommandQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ principal, id }: GetCommandQuery): Promise<CommandView> {
    const row = await this.dataSource
      .getRepository(CommandOrmEntity)
      .findOneBy({ id, principal: principalKey(principal) });
    if (!row) throw notFound('command');
    return commandView(row);
  }
}
