import { lazy } from 'react';
import type { Role } from '@aftersale/contracts';
import { Admin, CustomRoutes, Resource, defaultTheme } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './api/authProvider';
import { dataProvider } from './api/dataProvider';
import { i18nProvider } from './i18n';
import { Home } from './layout/Home';
import { AppLayout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import cancellations from './cancellations';
import returns from './returns';
import orders from './orders';
import refunds from './refunds';
import parcels from './parcels';
import users from './users';

const QueuesPage = lazy(() => import('./layout/QueuesPage'));
const ScanPage = lazy(() => import('./warehouse/ScanPage'));
const SettingsPage = lazy(() => import('./settings/SettingsPage'));

// a sidebar wide enough for the Russian menu labels
const theme = { ...defaultTheme, sidebar: { width: 260, closedWidth: 50 } };

const sellerRoles: (Role | undefined)[] = ['seller_admin', 'seller_agent'];

export function App() {
  return (
    <Admin
      title="Aftersale"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      layout={AppLayout}
      theme={theme}
      dashboard={Home}
      loginPage={LoginPage}
      requireAuth
      disableTelemetry
    >
      {(role: Role | undefined) => (
        <>
          {(sellerRoles.includes(role) || role === 'ops') && <Resource name="cancellations" {...cancellations} />}
          <Resource name="returns" {...returns} />
          {(sellerRoles.includes(role) || role === 'ops') && <Resource name="orders" {...orders} />}
          {(sellerRoles.includes(role) || role === 'ops') && <Resource name="refunds" {...refunds} />}
          {role !== undefined && <Resource name="parcels" {...parcels} />}
          {role === 'seller_admin' && <Resource name="users" {...users} />}
          {role === 'seller_admin' && (
            <CustomRoutes>
              <Route path="/settings" element={<SettingsPage />} />
            </CustomRoutes>
          )}
          {/* read by other pages (reference fields, panels), not menu entries of their own */}
          <Resource name="reasons" />
          <Resource name="messages" />
          <Resource name="audit-events" />
          {(sellerRoles.includes(role) || role === 'warehouse') && (
            <CustomRoutes>
              <Route path="/scan" element={<ScanPage />} />
            </CustomRoutes>
          )}
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
