import type { Money } from '@aftersale/contracts';
import { useFieldValue, useLocaleState, type FieldProps } from 'react-admin';
import { formatMoney } from './money';

export function useFormatMoney(): (money: Money | null | undefined) => string {
  const [locale] = useLocaleState();
  return (money) => formatMoney(money, locale);
}

/** A Money field ({ amount in minor units, currency }) formatted for the user's locale. */
export function MoneyField(props: FieldProps & { source: string }) {
  const value = useFieldValue(props) as Money | undefined;
  const format = useFormatMoney();
  return <span style={{ whiteSpace: 'nowrap' }}>{format(value)}</span>;
}
