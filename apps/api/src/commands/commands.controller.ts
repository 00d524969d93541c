import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CommandView } from '@aftersale/contracts';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { GetCommandQuery } from './get-command/get-command.query';

/** The outcome of a command answered 202, for whoever sent it. */
@ApiTags('commands')
@ApiSecurity('bearer')
@Controller('v1/commands')
export class CommandsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  one(@Param('id', IdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<CommandView> {
    return this.queries.execute(new GetCommandQuery(principal, id));
  }
}
