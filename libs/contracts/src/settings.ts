export interface SellerSettingsView {
  sellerId: string;
  sellerName: string;
  cancellationDeadlineHours: number;
  returnDecisionDeadlineHours: number;
  defaultReturnAddress: string | null;
  currency: string;
  updatedAt: string;
}

export type WritableSellerSettings = Partial<Pick<SellerSettingsView, 'cancellationDeadlineHours' | 'returnDecisionDeadlineHours' | 'defaultReturnAddress'>>;
