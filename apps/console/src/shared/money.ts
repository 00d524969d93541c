import type { Money } from '@aftersale/contracts';

/** Minor-unit digits of a currency (2 for RUB and EUR, 2 for CNY, 0 for JPY), as Intl knows them. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "12345" minor units → "123.45": integer and string work only, no floating-point arithmetic. */
export function toDecimalString(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = amount < 0;
  const units = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  const major = digits === 0 ? units : units.slice(0, -digits);
  const minor = digits === 0 ? '' : `.${units.slice(-digits)}`;
  return `${negative ? '-' : ''}${major}${minor}`;
}

/** Money for people: "7 380,00 ₽", "¥7,380.00", in the user's locale. */
export function formatMoney(money: Money | null | undefined, locale: string): string {
  if (!money) return '—';
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    currencyDisplay: 'narrowSymbol',
  });
  // Intl formats decimal strings exactly (no conversion to a binary float)
  return format.format(toDecimalString(money.amount, money.currency) as unknown as number);
}

/**
 * What a person typed ("1 234,5", "1234.50") → minor units, or null when it is not an amount with at most the
 * currency's digits. String work only, so 0.1 + 0.2 problems never arise.
 */
export function parseMoneyInput(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const value = Number(match[1] + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

export function sumMoney(amounts: Money[]): Money[] {
  const byCurrency = new Map<string, number>();
  for (const m of amounts) byCurrency.set(m.currency, (byCurrency.get(m.currency) ?? 0) + m.amount);
  return [...byCurrency].map(([currency, amount]) => ({ currency, amount }));
}
