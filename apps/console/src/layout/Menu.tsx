import { Badge } from '@mui/material';
import DashboardIcon from '@mui/icons-material/Dashboard';
import QrCodeScannerIcon from '@mui/icons-material/QrCodeScanner';
import SettingsIcon from '@mui/icons-material/Settings';
import ViewListIcon from '@mui/icons-material/ViewList';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import AssignmentReturnIcon from '@mui/icons-material/AssignmentReturn';
import InventoryIcon from '@mui/icons-material/Inventory2';
import type { Role } from '@aftersale/contracts';
import { Menu, useGetList, usePermissions, useTranslate } from 'react-admin';

/** How many records wait in a resource (a server-side count: the list total of a one-record page). */
function useWaiting(resource: string, filter: object, enabled: boolean): number | undefined {
  const { total } = useGetList(
    resource,
    { filter, pagination: { page: 1, perPage: 1 } },
    { enabled, refetchInterval: 60_000 },
  );
  return total;
}

function Counted({ count, children }: { count: number | undefined; children: React.ReactNode }) {
  return (
    <Badge color="warning" badgeContent={count} max={999} invisible={!count}>
      {children}
    </Badge>
  );
}

/** The menu shows only what the role may use; counts of what waits are always visible. */
export function AppMenu() {
  const { permissions } = usePermissions<Role>();
  const translate = useTranslate();
  const seller = permissions === 'seller_admin' || permissions === 'seller_agent';
  const waitingCancellations = useWaiting('cancellations', { state: 'awaiting_seller' }, seller);
  const waitingReturns = useWaiting('returns', { state: 'requested' }, seller);
  const unmatched = useWaiting('parcels', { matched: false }, seller || permissions === 'warehouse');
  return (
    <Menu>
      {seller && (
        <Menu.DashboardItem primaryText={translate('aftersale.menu.dashboard')} leftIcon={<DashboardIcon />} />
      )}
      {permissions === 'ops' && (
        <Menu.Item to="/queues" primaryText={translate('aftersale.menu.queues')} leftIcon={<ViewListIcon />} />
      )}
      {permissions === 'warehouse' && (
        <Menu.Item to="/scan" primaryText={translate('aftersale.menu.scan')} leftIcon={<QrCodeScannerIcon />} />
      )}
      {(seller || permissions === 'ops') && (
        <Menu.ResourceItem
          name="cancellations"
          leftIcon={
            <Counted count={waitingCancellations}>
              <EventBusyIcon />
            </Counted>
          }
        />
      )}
      <Menu.ResourceItem
        name="returns"
        leftIcon={
          <Counted count={waitingReturns}>
            <AssignmentReturnIcon />
          </Counted>
        }
      />
      {(seller || permissions === 'ops') && <Menu.ResourceItem name="orders" />}
      {(seller || permissions === 'ops') && <Menu.ResourceItem name="refunds" />}
      {(seller || permissions === 'warehouse') && (
        <Menu.Item
          to={{ pathname: '/parcels', search: `filter=${encodeURIComponent(JSON.stringify({ matched: false }))}` }}
          primaryText={translate('aftersale.menu.unmatched')}
          leftIcon={
            <Counted count={unmatched}>
              <InventoryIcon />
            </Counted>
          }
        />
      )}
      {permissions === 'ops' && <Menu.ResourceItem name="parcels" />}
      {seller && (
        <Menu.Item to="/scan" primaryText={translate('aftersale.menu.scan')} leftIcon={<QrCodeScannerIcon />} />
      )}
      {permissions === 'seller_admin' && <Menu.ResourceItem name="users" />}
      {permissions === 'seller_admin' && (
        <Menu.Item to="/settings" primaryText={translate('aftersale.menu.settings')} leftIcon={<SettingsIcon />} />
      )}
    </Menu>
  );
}
