/** The dashboard figures of one seller (the principal's own). */
export class GetSellerStatsQuery {
  constructor(readonly sellerId: string) {}
}
