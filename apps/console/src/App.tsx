import { lazy } from 'react';
import type { Role } from '@aftersale/contracts';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './api/authProvider';
import { dataProvider } from './api/dataProvider';
import { i18nProvider } from './i18n';
import { Home } from './layout/Home';
import { AppLayout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import cancellations from './cancellations';

const QueuesPage = lazy(() => import('./layout/QueuesPage'));

const sellerRoles: (Role | undefined)[] = ['seller_admin', 'seller_agent'];

export function App() {
  return (
    <Admin
      title="Aftersale"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={AppLayout}
      dashboard={Home}
      loginPage={LoginPage}
      requireAuth
      disableTelemetry
    >
      {(role: Role | undefined) => (
        <>
          {(sellerRoles.includes(role) || role === 'ops') && <Resource name="cancellations" {...cancellations} />}
          {/* read by other pages (reference fields, panels), not menu entries of their own */}
          <Resource name="reasons" />
          <Resource name="messages" />
          <Resource name="audit-events" />
          {role === 'ops' && (
            <CustomRoutes>
              <Route path="/queues" element={<QueuesPage />} />
            </CustomRoutes>
          )}
        </>
      )}
    </Admin>
  );
}
