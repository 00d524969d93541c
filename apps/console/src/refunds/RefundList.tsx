import { useState } from 'react';
import { CommentField } from '../shared/CommentField';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { REFUND_STATES, type RefundView, type Role } from '@aftersale/contracts';
import {
  Datagrid,
  FunctionField,
  List,
  NumberField,
  ReferenceField,
  SelectInput,
  TextField,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DateField } from '../shared/dates';
import { MoneyField, useFormatMoney } from '../shared/MoneyField';
import { StateChip, TranslatedField, stateChoices } from '../shared/StateChip';
import { useCommand } from '../shared/useCommand';

function VoidDialog({ refund, onClose }: { refund: RefundView; onClose: () => void }) {
  const translate = useTranslate();
  const format = useFormatMoney();
  const { run, isPending } = useCommand();
  const [comment, setComment] = useState('');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
      <DialogTitle>{translate('resources.refunds.actions.void_title', { amount: format(refund.amount) })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('resources.refunds.actions.void_effect')}</DialogContentText>
        <CommentField value={comment} onChange={setComment} required autoFocus />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          color="error"
          disabled={!comment.trim() || isPending}
          onClick={() =>
            run(
              {
                path: `refunds/${refund.id}/void`,
                body: { comment: comment.trim() },
                success: 'resources.refunds.actions.voided',
              },
              { onSuccess: onClose },
            )
          }
        >
          {translate('resources.refunds.actions.void')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Retry and void, for failed refunds only; void is for the seller's admin and ops. */
function FailedRefundActions() {
  const refund = useRecordContext<RefundView>();
  const translate = useTranslate();
  const { permissions } = usePermissions<Role>();
  const { run, isPending } = useCommand();
  const [voiding, setVoiding] = useState(false);
  if (!refund || refund.state !== 'failed' || permissions === 'warehouse') return null;
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      <Button
        size="small"
        variant="outlined"
        disabled={isPending}
        onClick={() => run({ path: `refunds/${refund.id}/retry`, success: 'resources.refunds.actions.retried' })}
      >
        {translate('resources.refunds.actions.retry')}
      </Button>
      {(permissions === 'seller_admin' || permissions === 'ops') && (
        <Button size="small" color="error" onClick={() => setVoiding(true)}>
          {translate('resources.refunds.actions.void')}
        </Button>
      )}
      {voiding && <VoidDialog refund={refund} onClose={() => setVoiding(false)} />}
    </Stack>
  );
}

const filters = [<SelectInput key="state" source="state" choices={stateChoices('refund', REFUND_STATES)} alwaysOn />];

export default function RefundList() {
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} filters={filters} perPage={25}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <ReferenceField source="orderId" reference="orders" link="show" sortable={false} />
        <TranslatedField source="cause.type" namespace="refund_cause" sortable={false} />
        <MoneyField source="amount" />
        <StateChip source="state" namespace="refund" />
        <NumberField source="attempts" sortable={false} />
        <TextField source="lastError" sortable={false} emptyText="—" />
        <DateField source="createdAt" showTime />
        <FunctionField render={() => <FailedRefundActions />} />
      </Datagrid>
    </List>
  );
}
