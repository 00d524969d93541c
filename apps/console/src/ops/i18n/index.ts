import { en } from './en';
import { ru } from './ru';
import { zh } from './zh';

/** Merged into the console's messages under `aftersale.ops` (src/i18n/index.ts). */
export const opsMessages = {
  en: { aftersale: { ops: en } },
  ru: { aftersale: { ops: ru } },
  zh: { aftersale: { ops: zh } },
};
