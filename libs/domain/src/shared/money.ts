import { Money } from '@aftersale/contracts';
import { DomainError } from './domain-error';

export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

/** Every amount in a command must be in the order's currency. */
export function assertSameCurrency(amount: Money, expected: string): void {
  if (amount.currency !== expected) {
    throw new DomainError(
      'currency-mismatch',
      `The amount is in ${amount.currency}; this order is paid in ${expected}.`,
      {
        expectedCurrency: expected,
      },
    );
  }
}
