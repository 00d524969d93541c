import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SellerStatsView } from '@aftersale/contracts';
import { SellerStatsQuery } from '@aftersale/server/persistence';
import { notFound } from '../../infrastructure/problems/problem.exception';
import { GetSellerStatsQuery } from './get-seller-stats.query';

/** A seller's statistics; the one statement that computes them is persistence's `SellerStatsQuery`. */
@QueryHandler(GetSellerStatsQuery)
export class GetSellerStatsQueryHandler implements IQueryHandler<GetSellerStatsQuery> {
  constructor(private readonly stats: SellerStatsQuery) {}

  async execute({ sellerId }: GetSellerStatsQuery): Promise<SellerStatsView> {
    const stats = await this.stats.read(sellerId);
    if (!stats) throw notFound('seller');
    return stats;
  }
}
