import { Money } from './money';

export interface SellerSettingsView {
  sellerId: string;
  sellerName: string;
  cancellationDeadlineHours: number;
  returnDecisionDeadlineHours: number;
  defaultReturnAddress: string | null;
  /** ISO 4217; the currency of `defaultReturnShippingFee`, which applies to orders in this currency only */
  currency: string;
  /** days the buyer has to ship an approved return */
  returnShipByDays: number;
  /** what the buyer pays for return shipping when an approval names no fee */
  defaultReturnShippingFee: Money;
  updatedAt: string;
}

export type WritableSellerSettings = Partial<
  Pick<
    SellerSettingsView,
    | 'cancellationDeadlineHours'
    | 'returnDecisionDeadlineHours'
    | 'defaultReturnAddress'
    | 'returnShipByDays'
    | 'currency'
  >
> & { defaultReturnShippingFee?: Money };
