import { lazy } from 'react';
import AssignmentReturnIcon from '@mui/icons-material/AssignmentReturn';

export default {
  list: lazy(() => import('./ReturnList')),
  show: lazy(() => import('./ReturnShow')),
  icon: AssignmentReturnIcon,
  recordRepresentation: 'postingNumber',
};
