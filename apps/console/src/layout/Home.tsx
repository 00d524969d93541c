import { lazy } from 'react';
import type { Role } from '@aftersale/contracts';
import { Navigate } from 'react-router-dom';
import { usePermissions } from 'react-admin';

const SellerDashboard = lazy(() => import('../dashboard/Dashboard'));

/** "/" is where the work is: sellers get the dashboard, warehouse the scan field, ops the queues. */
export function Home() {
  const { permissions, isPending } = usePermissions<Role>();
  if (isPending) return null;
  if (permissions === 'warehouse') return <Navigate to="/scan" replace />;
  if (permissions === 'ops') return <Navigate to="/queues" replace />;
  return <SellerDashboard />;
}
