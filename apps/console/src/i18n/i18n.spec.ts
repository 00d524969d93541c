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
});
