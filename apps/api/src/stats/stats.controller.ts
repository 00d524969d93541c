import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SellerStatsView } from '@aftersale/contracts';
import { Allow, CurrentPrincipal } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { GetSellerStatsQuery } from './get-seller-stats/get-seller-stats.query';

/** The seller dashboard's figures, computed in SQL (never summed from a page of records in the browser). */
@ApiTags('stats')
@ApiSecurity('bearer')
@Controller('v1/stats')
export class StatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('seller')
  @Allow('seller_admin', 'seller_agent')
  seller(@CurrentPrincipal() principal: Principal): Promise<SellerStatsView> {
    return this.queries.execute(new GetSellerStatsQuery(principal.sellerId!));
  }
}
