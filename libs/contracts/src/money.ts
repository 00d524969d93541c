/** Integer minor units (kopecks, fen) with an ISO 4217 currency code. */
export interface Money {
  amount: number;
  currency: string;
}
