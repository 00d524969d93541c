import { lazy } from 'react';
import EventBusyIcon from '@mui/icons-material/EventBusy';

export default {
  list: lazy(() => import('./CancellationList')),
  show: lazy(() => import('./CancellationShow')),
  icon: EventBusyIcon,
  recordRepresentation: 'postingNumber',
};
