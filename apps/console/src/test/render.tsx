import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { AdminContext, memoryStore, testDataProvider, type DataProvider } from 'react-admin';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { messages } from '../i18n';

/** A component inside react-admin's contexts (i18n in `locale`, a fake dataProvider), as the console renders it. */
export function renderInAdmin(ui: ReactNode, options: { locale?: string; dataProvider?: Partial<DataProvider> } = {}) {
  const i18nProvider = polyglotI18nProvider((l) => messages[l], options.locale ?? 'en', [
    { locale: 'en', name: 'English' },
    { locale: 'ru', name: 'Русский' },
    { locale: 'zh', name: '中文' },
  ]);
  return render(
    <AdminContext
      i18nProvider={i18nProvider}
      dataProvider={testDataProvider(options.dataProvider ?? {})}
      store={memoryStore()}
    >
      {ui}
    </AdminContext>,
  );
}
