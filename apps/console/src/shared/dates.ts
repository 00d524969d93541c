import { useLocaleState } from 'react-admin';

/** Times in the user's time zone and language. */
export function useFormatDate(): (iso: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => (iso ? format.format(new Date(iso)) : '—');
}
