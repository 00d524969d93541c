import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { messages } from './index';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('translations', () => {
  const english = keys(messages.en as unknown as Tree).sort();

  it.each(['ru', 'zh'])('%s has every message English has, react-admin’s own included', (locale) => {
    const other = new Set(keys(messages[locale] as unknown as Tree));
    expect(english.filter((k) => !other.has(k))).toEqual([]);
  });

  it('English covers every react-admin key', () => {
    const ours = new Set(english);
    expect(keys(englishMessages as unknown as Tree).filter((k) => !ours.has(k))).toEqual([]);
  });

  it.each(['ru', 'zh'])('%s leaves no console message in English', (locale) => {
    const flat = (tree: Tree, prefix = ''): [string, string][] =>
      Object.entries(tree).flatMap(([k, v]) =>
        typeof v === 'object' ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, string]],
      );
    const en = new Map(flat(messages.en as unknown as Tree));
    // the same in every language: the product's name and the code "SKU"
    const allowed = ['aftersale.title', 'aftersale.common.sku'];
    const untranslated = flat(messages[locale] as unknown as Tree)
      .filter(([key, value]) => !key.startsWith('ra.') && en.get(key) === value && !allowed.includes(key))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  // node-polyglot picks a `smart_count` message's form by the language's rule: English has two (1, other),
  // Russian three (1 21 …, 2–4 22–24 …, 5–20 25 … 11–14), Chinese one. A missing form shows another's wording
  // ("Одобрить отмены: 5"), a surplus one is never shown (Chinese "已选择 1 项" for any number).
  const FORMS: Record<string, number> = { en: 2, ru: 3, zh: 1 };
  const flat = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([k, v]) =>
      typeof v === 'object' ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, string]],
    );
  const forms = (message: string) => message.split('||||').length;
  const plural = new Set(
    flat(messages.en as unknown as Tree)
      .filter(([, value]) => forms(value) > 1)
      .map(([key]) => key),
  );

  it.each(Object.entries(FORMS))(
    '%s gives each plural message exactly %i form(s), react-admin’s own included',
    (locale, count) => {
      const wrong = flat(messages[locale] as unknown as Tree)
        .filter(([key, value]) => (plural.has(key) || forms(value) > 1) && forms(value) !== count)
        .map(([key, value]) => `${key}: ${value}`);
      expect(wrong).toEqual([]);
    },
  );

  it('picks the form the count needs', () => {
    const say = (locale: string, key: string, smart_count: number) =>
      polyglotI18nProvider((l) => messages[l], locale).translate(key, { smart_count });
    const title = 'resources.cancellations.actions.bulk_title';
    expect([1, 3, 5, 21].map((n) => say('ru', title, n))).toEqual([
      'Одобрить 1 отмену?',
      'Одобрить 3 отмены?',
      'Одобрить 5 отмен?',
      'Одобрить 21 отмену?',
    ]);
    expect(say('zh', 'ra.action.bulk_actions', 5)).toBe('已选择 5 项');
  });
});
