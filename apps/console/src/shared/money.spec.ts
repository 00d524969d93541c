import { formatMoney, parseMoneyInput, toDecimalString } from './money';

describe('money in the console', () => {
  it('formats minor units exactly, without floating-point error', () => {
    expect(toDecimalString(738000, 'RUB')).toBe('7380.00');
    expect(toDecimalString(5, 'RUB')).toBe('0.05');
    expect(toDecimalString(-1999, 'EUR')).toBe('-19.99');
    expect(toDecimalString(1500, 'JPY')).toBe('1500');
    // 2^53 - 1 kopecks: a float division would round this
    expect(toDecimalString(9007199254740991, 'RUB')).toBe('90071992547409.91');
  });

  it('formats for the locale and currency', () => {
    expect(formatMoney({ amount: 738000, currency: 'RUB' }, 'ru')).toBe('7\u00a0380,00\u00a0₽');
    expect(formatMoney({ amount: 738000, currency: 'CNY' }, 'zh')).toBe('¥7,380.00');
  });

  it('parses what a person typed into minor units, rejecting more digits than the currency has', () => {
    expect(parseMoneyInput('1 234,5', 'RUB')).toBe(123450);
    expect(parseMoneyInput('0.1', 'RUB')).toBe(10);
    expect(parseMoneyInput('7380', 'RUB')).toBe(738000);
    expect(parseMoneyInput('1.234', 'RUB')).toBeNull();
    expect(parseMoneyInput('-5', 'RUB')).toBeNull();
    expect(parseMoneyInput('abc', 'RUB')).toBeNull();
  });
});
