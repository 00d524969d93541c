import { allocateLargestRemainder, lineShares, PricedOrder, shareOfQuantities, shareOfUnits } from './pro-rata';

const rub = (amount: number) => ({ amount, currency: 'RUB' });
const order = (paid: number): PricedOrder => ({
  lines: [
    { sku: 'A', quantity: 3, unitPrice: rub(333) },
    { sku: 'B', quantity: 1, unitPrice: rub(1000) },
    { sku: 'C', quantity: 2, unitPrice: rub(1) },
  ],
  paid: rub(paid),
});

describe('allocateLargestRemainder', () => {
  it('gives the spare units to the largest remainders so the parts add up to the total', () => {
    expect(allocateLargestRemainder(1500, [999, 1000, 2])).toEqual([749, 750, 1]);
  });

  it('breaks ties by order of the parts', () => {
    expect(allocateLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateLargestRemainder(2, [5, 5, 5])).toEqual([1, 1, 0]);
  });

  it('gives nothing when there is no weight', () => {
    expect(allocateLargestRemainder(100, [0, 0])).toEqual([0, 0]);
  });

  it('stays exact for amounts whose products pass 2^53', () => {
    const parts = allocateLargestRemainder(9_000_000_000_001, [3_000_000_000_001, 6_999_999_999_999]);
    expect(parts[0] + parts[1]).toBe(9_000_000_000_001);
  });
});

describe('lineShares', () => {
  it('uses quantity × unit price when the order was paid in full', () => {
    expect(lineShares(order(2001)).map((s) => s.amount.amount)).toEqual([999, 1000, 2]);
  });

  it('splits a discounted payment pro rata, adding up exactly to what was paid', () => {
    const shares = lineShares(order(1500));
    expect(shares).toEqual([
      { sku: 'A', quantity: 3, amount: rub(749) },
      { sku: 'B', quantity: 1, amount: rub(750) },
      { sku: 'C', quantity: 2, amount: rub(1) },
    ]);
    expect(shares.reduce((sum, s) => sum + s.amount.amount, 0)).toBe(1500);
  });

  it('refuses a unit price in another currency than the payment', () => {
    expect(() =>
      lineShares({ lines: [{ sku: 'A', quantity: 1, unitPrice: { amount: 1, currency: 'CNY' } }], paid: rub(1) }),
    ).toThrow(expect.objectContaining({ code: 'currency-mismatch' }));
  });
});

describe('shareOfUnits', () => {
  it('spreads a line share over its units without losing or inventing kopecks', () => {
    expect([1, 2, 3].map((units) => shareOfUnits(749, 3, units))).toEqual([250, 500, 749]);
    expect(shareOfUnits(749, 3, 1, 2)).toBe(249);
    expect(shareOfUnits(1, 2, 1) + shareOfUnits(1, 2, 1, 1)).toBe(1);
  });
});

describe('shareOfQuantities', () => {
  it('returning every unit of every line gives back exactly what was paid', () => {
    const all = shareOfQuantities(order(1500), [
      { sku: 'A', quantity: 3 },
      { sku: 'B', quantity: 1 },
      { sku: 'C', quantity: 2 },
    ]);
    expect(all).toEqual(rub(1500));
  });

  it('counts the units asked for after the units already counted, so separate returns add up to the line share', () => {
    const o = order(1500);
    const first = shareOfQuantities(o, [{ sku: 'A', quantity: 1 }]);
    const second = shareOfQuantities(o, [{ sku: 'A', quantity: 1 }], [{ sku: 'A', quantity: 1 }]);
    const third = shareOfQuantities(o, [{ sku: 'A', quantity: 1 }], [{ sku: 'A', quantity: 2 }]);
    expect([first.amount, second.amount, third.amount]).toEqual([250, 250, 249]);
    expect(first.amount + second.amount + third.amount).toBe(749);
  });

  it('takes the units of a SKU that sits on two lines line by line', () => {
    const o: PricedOrder = {
      lines: [
        { sku: 'A', quantity: 1, unitPrice: rub(100) },
        { sku: 'A', quantity: 1, unitPrice: rub(50) },
      ],
      paid: rub(150),
    };
    expect(shareOfQuantities(o, [{ sku: 'A', quantity: 1 }], [{ sku: 'A', quantity: 1 }])).toEqual(rub(50));
    expect(shareOfQuantities(o, [{ sku: 'A', quantity: 2 }])).toEqual(rub(150));
  });

  it('refuses more units than the order has with validation-failed', () => {
    expect(() => shareOfQuantities(order(1500), [{ sku: 'B', quantity: 2 }])).toThrow(
      expect.objectContaining({ code: 'validation-failed' }),
    );
    expect(() => shareOfQuantities(order(1500), [{ sku: 'Z', quantity: 1 }])).toThrow(
      expect.objectContaining({ code: 'validation-failed' }),
    );
  });
});
