import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import russianMessages from 'ra-language-russian';
import { resolveBrowserLocale, type TranslationMessages } from 'react-admin';
import { en } from './en';
import { ru } from './ru';
import { zh } from './zh';
import { raChinese } from './ra-zh';
import { opsMessages } from '../ops/i18n';

export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'ru', name: 'Русский' },
  { locale: 'zh', name: '中文' },
];

// react-admin's keys we word differently (sign-in is by e-mail) or that ra-language-russian lacks; its
// bulk_update_title has two forms where Russian's plural rule picks from three (i18n.spec.ts)
const raRussianFill = {
  ra: {
    guesser: { empty: { title: 'Нет данных', message: 'Проверьте источник данных' } },
    message: {
      bulk_update_title: 'Обновить %{name} |||| Обновить %{smart_count} %{name} |||| Обновить %{smart_count} %{name}',
    },
  },
};
const raOverrides = {
  en: { ra: { auth: { username: 'Email' }, notification: { item_doesnt_exist: en.problems['not-found'] } } },
  // a case's page title as in English, without the straight quotes ra-language-russian puts around the posting number
  ru: {
    ra: {
      auth: { username: 'E-mail' },
      notification: { item_doesnt_exist: ru.problems['not-found'] },
      page: { show: '%{name} %{recordRepresentation}' },
    },
  },
  zh: { ra: { auth: { username: '电子邮箱' }, notification: { item_doesnt_exist: zh.problems['not-found'] } } },
};

type Tree = { [key: string]: string | Tree };
export function merge(...trees: object[]): Tree {
  const out: Tree = {};
  for (const tree of trees as Tree[]) {
    for (const [key, value] of Object.entries(tree)) {
      const current = out[key];
      out[key] =
        typeof value === 'object' && typeof current === 'object'
          ? merge(current, value)
          : typeof value === 'object'
            ? merge(value)
            : value;
    }
  }
  return out;
}

export const messages: Record<string, TranslationMessages> = {
  en: merge(englishMessages, raOverrides.en, en, opsMessages.en) as unknown as TranslationMessages,
  ru: merge(russianMessages, raRussianFill, raOverrides.ru, ru, opsMessages.ru) as unknown as TranslationMessages,
  zh: merge(raChinese, raOverrides.zh, zh, opsMessages.zh) as unknown as TranslationMessages,
};

export const i18nProvider = polyglotI18nProvider(
  (locale) => messages[locale] ?? messages.en,
  ((locale) => (LOCALES.some((l) => l.locale === locale) ? locale : 'en'))(resolveBrowserLocale('en')),
  LOCALES,
);
