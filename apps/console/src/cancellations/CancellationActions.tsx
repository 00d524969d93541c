import { useState } from 'react';
import { Button, Stack } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import type { CancellationView, Role } from '@aftersale/contracts';
import { usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { ApproveCancellationDialog, RejectCancellationDialog } from './CancellationDialogs';

export const canDecide = (role: Role | undefined) => role === 'seller_admin' || role === 'seller_agent';

/** Approve and Reject, shown while the request waits for the seller and the user may decide. */
export function CancellationDecisionButtons() {
  const record = useRecordContext<CancellationView>();
  const { permissions } = usePermissions<Role>();
  const translate = useTranslate();
  const [open, setOpen] = useState<'approve' | 'reject' | null>(null);
  if (!record || record.state !== 'awaiting_seller' || !canDecide(permissions)) return null;
  return (
    <Stack direction="row" spacing={1}>
      <Button variant="contained" color="success" startIcon={<CheckIcon />} onClick={() => setOpen('approve')}>
        {translate('resources.cancellations.actions.approve')}
      </Button>
      <Button variant="outlined" color="error" startIcon={<CloseIcon />} onClick={() => setOpen('reject')}>
        {translate('resources.cancellations.actions.reject')}
      </Button>
      <ApproveCancellationDialog record={record} open={open === 'approve'} onClose={() => setOpen(null)} />
      <RejectCancellationDialog record={record} open={open === 'reject'} onClose={() => setOpen(null)} />
    </Stack>
  );
}
