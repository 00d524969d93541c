import polyglotI18nProvider from 'ra-i18n-polyglot';
import { messages } from '../i18n';
import { formatSeconds, percent } from './api';

describe("the ops pages' durations and shares", () => {
  const translate = (locale: string) => polyglotI18nProvider((l) => messages[l], locale).translate;

  it.each([
    ['en', ['45 s', '2 min 5 s', '1 h 3 min']],
    ['ru', ['45 с', '2 мин 5 с', '1 ч 3 мин']],
    ['zh', ['45 秒', '2 分钟 5 秒', '1 小时 3 分钟']],
  ])('are in the units of the language chosen in the app (%s)', (locale, expected) => {
    expect([45, 125, 3780].map((s) => formatSeconds(s, translate(locale)))).toEqual(expected);
    expect(formatSeconds(null, translate(locale))).toBe('—');
  });

  it('format a share for the locale', () => {
    expect(percent(0.125, 'en')).toBe('12.5%');
    expect(percent(0.125, 'ru')).toBe('12,5\u00a0%');
    expect(percent(null, 'en')).toBe('—');
  });
});
