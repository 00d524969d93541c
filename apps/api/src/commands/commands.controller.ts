import { Controller, Get, Param } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandView } from '@aftersale/contracts';
import { CommandOrmEntity } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal, principalKey } from '../infrastructure/auth/principal';
import { commandView } from '../infrastructure/commands/command-gateway.service';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { notFound } from '../infrastructure/problems/problem.exception';

/** The outcome of a command answered 202, for whoever sent it. */
@ApiTags('commands')
@ApiSecurity('bearer')
@Controller('v1/commands')
export class CommandsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':id')
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  async one(@Param('id', IdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<CommandView> {
    const row = await this.dataSource.getRepository(CommandOrmEntity).findOneBy({ id, principal: principalKey(principal) });
    if (!row) throw notFound('command');
    return commandView(row);
  }
}
