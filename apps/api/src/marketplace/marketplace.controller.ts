import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { OzonConnectionView } from '@aftersale/contracts';
import { Allow, CurrentPrincipal } from '../infrastructure/auth/auth.decorators';
import { actorOf, Principal } from '../infrastructure/auth/principal';
import { ConnectOzonDto } from './connect-ozon/connect-ozon.dto';
import { OzonConnections } from './ozon-connection.service';

/** The seller's Ozon account: its status for the seller's users, connecting and disconnecting for the admin. */
@ApiTags('marketplace')
@ApiSecurity('bearer')
@Controller('v1/marketplace/ozon')
export class MarketplaceController {
  constructor(private readonly connections: OzonConnections) {}

  @Get()
  @Allow('seller_admin', 'seller_agent')
  get(@CurrentPrincipal() principal: Principal): Promise<OzonConnectionView> {
    return this.connections.view(principal.sellerId!);
  }

  @Put()
  @Allow('seller_admin')
  connect(@Body() body: ConnectOzonDto, @CurrentPrincipal() principal: Principal): Promise<OzonConnectionView> {
    return this.connections.connect(principal.sellerId!, body.clientId, body.apiKey, actorOf(principal));
  }

  @Delete()
  @HttpCode(204)
  @Allow('seller_admin')
  async disconnect(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.connections.disconnect(principal.sellerId!);
  }
}
