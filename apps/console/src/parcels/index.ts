import { lazy } from 'react';
import InventoryIcon from '@mui/icons-material/Inventory2';

export default { list: lazy(() => import('./ParcelList')), icon: InventoryIcon, recordRepresentation: 'code' };
