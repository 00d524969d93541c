import { useState } from 'react';
import { CommentField } from '../shared/CommentField';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import type { CancellationView, OrderView, ReasonView } from '@aftersale/contracts';
import { useGetOne, useTranslate } from 'react-admin';
import { useFormatMoney } from '../shared/MoneyField';
import { ReasonSelect } from '../shared/reasons';
import { useCommand } from '../shared/useCommand';

interface DialogProps {
  record: CancellationView;
  open: boolean;
  onClose: () => void;
}

/** What approving refunds: everything paid that was not refunded yet. */
function useRefundAmount(orderId: string) {
  const { data: order } = useGetOne<OrderView>('orders', { id: orderId });
  const format = useFormatMoney();
  return order ? format({ amount: order.paid.amount - order.refunded.amount, currency: order.paid.currency }) : '…';
}

export function ApproveCancellationDialog({ record, open, onClose }: DialogProps) {
  const translate = useTranslate();
  const amount = useRefundAmount(record.orderId);
  const { run, isPending } = useCommand();
  const [comment, setComment] = useState('');
  const approve = () =>
    run(
      {
        path: `cancellations/${record.id}/approve`,
        body: comment.trim() ? { comment: comment.trim() } : {},
        success: 'resources.cancellations.actions.approved',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" data-testid="approve-dialog">
      <DialogTitle>
        {translate('resources.cancellations.actions.approve_title', { posting: record.postingNumber })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('resources.cancellations.actions.approve_effect', { amount })}</DialogContentText>
        <CommentField value={comment} onChange={setComment} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="success" onClick={approve} disabled={isPending} autoFocus>
          {translate('resources.cancellations.actions.approve')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function RejectCancellationDialog({ record, open, onClose }: DialogProps) {
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const [reason, setReason] = useState<ReasonView>();
  const [comment, setComment] = useState('');
  // the api requires a comment with every rejection (docs/api.md); the reason's flag says it matters most there
  const valid = !!reason && comment.trim().length > 0;
  const reject = () =>
    run(
      {
        path: `cancellations/${record.id}/reject`,
        body: { reasonId: reason!.id, comment: comment.trim() },
        success: 'resources.cancellations.actions.rejected',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" data-testid="reject-dialog">
      <DialogTitle>
        {translate('resources.cancellations.actions.reject_title', { posting: record.postingNumber })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('resources.cancellations.actions.reject_effect')}</DialogContentText>
        <ReasonSelect kind="cancellation-rejection" value={reason?.id ?? ''} onChange={setReason} autoFocus />
        <CommentField value={comment} onChange={setComment} required testId="reject-comment" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="error" onClick={reject} disabled={!valid || isPending}>
          {translate('resources.cancellations.actions.reject')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
