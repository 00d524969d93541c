import { createElement } from 'react';
import { DateField as RaDateField, useLocaleState, type DateFieldProps } from 'react-admin';

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

/** Times in the user's time zone and the language chosen in the app. */
export function useFormatDate(): (iso: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, DATE_TIME);
  return (iso) => (iso ? format.format(new Date(iso)) : '—');
}

/**
 * react-admin's DateField in the language chosen in the app, worded like useFormatDate: without `locales` it
 * formats in the browser's language (toLocaleString(undefined)). Use this one, never react-admin's directly.
 */
export function DateField(props: DateFieldProps) {
  const [locale] = useLocaleState();
  return createElement(RaDateField, { locales: locale, options: props.showTime ? DATE_TIME : DATE, ...props });
}
