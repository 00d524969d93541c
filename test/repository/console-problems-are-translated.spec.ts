import { PROBLEM_STATUS } from '@aftersale/contracts';
import { en } from '../../apps/console/src/i18n/en';
import { ru } from '../../apps/console/src/i18n/ru';
import { zh } from '../../apps/console/src/i18n/zh';

/**
 * The console shows every problem by its code as `problems.<code>` (apps/console/src/api/problems.ts); a code
 * without a message there shows the raw key. Every code of libs/contracts has a message in every language, and
 * the Russian and Chinese ones are not the English left in place.
 */
describe("the console's problem messages", () => {
  const codes = Object.keys(PROBLEM_STATUS);
  const languages = { en, ru, zh };

  it.each(Object.keys(languages))('%s has a message for every problem code', (language) => {
    const problems = languages[language as keyof typeof languages].problems as Record<string, string | undefined>;
    expect(codes.filter((code) => !problems[code]?.trim())).toEqual([]);
  });

  it.each(['ru', 'zh'] as const)('%s words every problem in its own language', (language) => {
    const english = en.problems as Record<string, string>;
    const theirs = languages[language].problems as Record<string, string>;
    expect(codes.filter((code) => theirs[code] === english[code])).toEqual([]);
  });
});
