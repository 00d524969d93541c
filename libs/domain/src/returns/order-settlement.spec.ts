import { allUnitsSettled } from './order-settlement';

const lines = [
  { sku: 'A', quantity: 2 },
  { sku: 'B', quantity: 1 },
];

describe('an order is returned when all of it came back and was settled', () => {
  it('is returned when every unit came back in refunded cases', () => {
    expect(
      allUnitsSettled(lines, [
        { state: 'refunded', received: true, lines: [{ sku: 'A', quantity: 1 }] },
        {
          state: 'partially_refunded',
          received: true,
          lines: [
            { sku: 'A', quantity: 1 },
            { sku: 'B', quantity: 1 },
          ],
        },
      ]),
    ).toBe(true);
  });

  it('is not returned while a unit is still with the buyer or its case is not settled', () => {
    expect(allUnitsSettled(lines, [{ state: 'refunded', received: true, lines: [{ sku: 'A', quantity: 2 }] }])).toBe(
      false,
    );
    expect(allUnitsSettled(lines, [{ state: 'inspected', received: true, lines }])).toBe(false);
  });

  it('does not count a refund without return: the goods stayed with the buyer', () => {
    expect(allUnitsSettled(lines, [{ state: 'refunded', received: false, lines }])).toBe(false);
  });
});
