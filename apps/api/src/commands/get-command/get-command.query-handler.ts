import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandView } from '@aftersale/contracts';
import { CommandRows } from '@aftersale/server/persistence';
import { principalKey } from '../../infrastructure/auth/principal';
import { commandView } from '../../infrastructure/commands/command-gateway.service';
import { notFound } from '../../infrastructure/problems/problem.exception';
import { GetCommandQuery } from './get-command.query';

/** Only whoever sent a command sees it. */
@QueryHandler(GetCommandQuery)
export class GetCommandQueryHandler implements IQueryHandler<GetCommandQuery> {
  constructor(private readonly commands: CommandRows) {}

  async execute({ principal, id }: GetCommandQuery): Promise<CommandView> {
    const row = await this.commands.sentBy(id, principalKey(principal));
    if (!row) throw notFound('command');
    return commandView(row);
  }
}
