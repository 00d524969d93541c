import { Money } from '@aftersale/contracts';
import { DomainError } from '../shared/domain-error';
import { assertSameCurrency } from '../shared/money';

export interface PricedLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

/** What the money rules need of an order. */
export interface PricedOrder {
  lines: readonly PricedLine[];
  paid: Money;
}

export interface SkuQuantity {
  sku: string;
  quantity: number;
}

export interface LineShare {
  sku: string;
  quantity: number;
  amount: Money;
}

/**
 * Splits `total` minor units in proportion to `weights` with the largest-remainder method: the parts add up
 * exactly to `total`; the kopecks left after rounding down go to the largest remainders, ties to the earlier part.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (sum === 0n) return weights.map(() => 0);
  // BigInt: total × weight easily passes 2^53 for large orders.
  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const parts = exact.map((e) => e / sum);
  let left = Number(BigInt(total) - parts.reduce((a, p) => a + p, 0n));
  const byRemainder = exact
    .map((e, i) => ({ i, r: e % sum }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    parts[i] += 1n;
  }
  return parts.map(Number);
}

/**
 * Each order line's share of what was paid. Paid in full, a line's share is quantity × unit price; paid less
 * (a discount), the shares are pro rata and add up exactly to what was paid.
 */
export function lineShares(order: PricedOrder): LineShare[] {
  const currency = order.paid.currency;
  order.lines.forEach((line) => assertSameCurrency(line.unitPrice, currency));
  const amounts = order.lines.map((line) => line.quantity * line.unitPrice.amount);
  const total = amounts.reduce((a, b) => a + b, 0);
  // An order never records paying more than its lines (the order refuses it); were it so, the surplus belongs to no line.
  const shares = order.paid.amount >= total ? amounts : allocateLargestRemainder(order.paid.amount, amounts);
  return order.lines.map((line, i) => ({
    sku: line.sku,
    quantity: line.quantity,
    amount: { amount: shares[i], currency },
  }));
}

/**
 * The share of `units` of a line's units, counted from unit `offset` on. The line's share is spread over its
 * units with the largest remainder too (the earlier units carry the spare kopecks), so all units together
 * are exactly the line's share.
 */
export function shareOfUnits(lineAmount: number, lineQuantity: number, units: number, offset = 0): number {
  if (units <= 0 || lineQuantity <= 0) return 0;
  const base = Math.floor(lineAmount / lineQuantity);
  const spare = lineAmount - base * lineQuantity;
  const withSpare = Math.max(0, Math.min(offset + units, spare) - offset);
  return units * base + withSpare;
}

/**
 * The share of what was paid for the given quantities of SKUs. `alreadyCounted` are units of the same SKUs
 * counted elsewhere (other return cases of the order): the units asked for come after them, so cases that
 * together return a whole line add up to its share, never more.
 */
export function shareOfQuantities(
  order: PricedOrder,
  quantities: readonly SkuQuantity[],
  alreadyCounted: readonly SkuQuantity[] = [],
): Money {
  const shares = lineShares(order);
  const amount = quantities.reduce((sum, q) => {
    let offset = alreadyCounted.filter((c) => c.sku === q.sku).reduce((a, c) => a + c.quantity, 0);
    let units = q.quantity;
    let part = 0;
    // A SKU may in principle sit on more than one line: its units are taken line by line.
    for (const line of shares.filter((s) => s.sku === q.sku)) {
      const skip = Math.min(offset, line.quantity);
      const take = Math.min(units, line.quantity - skip);
      part += shareOfUnits(line.amount.amount, line.quantity, take, skip);
      offset -= skip;
      units -= take;
    }
    if (units > 0) {
      throw new DomainError('validation-failed', `The order has no ${q.quantity} more units of ${q.sku} to count.`, {
        errors: [{ field: 'lines', message: `Not enough units of ${q.sku} on the order.` }],
      });
    }
    return sum + part;
  }, 0);
  return { amount, currency: order.paid.currency };
}
