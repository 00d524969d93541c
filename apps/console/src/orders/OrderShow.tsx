import { useState } from 'react';
import { CommentField } from '../shared/CommentField';
import {
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Grid,
  Stack,
  Link,
  Typography,
} from '@mui/material';
import type { CancellationView, OrderView, ParcelView, ReasonView, Role } from '@aftersale/contracts';
import {
  Datagrid,
  FunctionField,
  ReferenceField,
  ReferenceManyField,
  Show,
  TextField,
  useGetList,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { EvidenceGallery } from '../shared/EvidenceGallery';
import { MoneyField, useFormatMoney } from '../shared/MoneyField';
import { OrderLines } from '../shared/OrderLines';
import { ReasonSelect, ReasonText } from '../shared/reasons';
import { Labeled } from '../shared/Section';
import { StateChip, TranslatedField } from '../shared/StateChip';
import { TimelinePanel } from '../shared/TimelinePanel';
import { useCommand } from '../shared/useCommand';
import { DateField, useFormatDate } from '../shared/dates';
import { Link as RouterLink } from 'react-router-dom';

/** The seller cancels an order it cannot fulfil: a seller-cancellation reason; refunded in full at once. */
function CancelOrderDialog({ order, onClose }: { order: OrderView; onClose: () => void }) {
  const translate = useTranslate();
  const format = useFormatMoney();
  const { run, isPending } = useCommand();
  const [reason, setReason] = useState<ReasonView>();
  const [comment, setComment] = useState('');
  const valid = !!reason && (!reason.isCommentRequired || comment.trim());
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('resources.orders.actions.cancel_title', { posting: order.postingNumber })}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {translate('resources.orders.actions.cancel_effect', {
            amount: format({ amount: order.paid.amount - order.refunded.amount, currency: order.paid.currency }),
          })}
        </DialogContentText>
        <ReasonSelect kind="seller-cancellation" value={reason?.id ?? ''} onChange={setReason} autoFocus />
        <CommentField value={comment} onChange={setComment} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          color="error"
          disabled={!valid || isPending}
          onClick={() =>
            run(
              {
                path: `orders/${order.id}/cancel`,
                body: { reasonId: reason!.id, ...(comment.trim() ? { comment: comment.trim() } : {}) },
                success: 'resources.orders.actions.cancelled',
              },
              { onSuccess: onClose },
            )
          }
        >
          {translate('resources.orders.actions.cancel')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function OrderActions({ order }: { order: OrderView }) {
  const translate = useTranslate();
  const { permissions } = usePermissions<Role>();
  const { run, isPending } = useCommand();
  const [cancelling, setCancelling] = useState(false);
  const seller = permissions === 'seller_admin' || permissions === 'seller_agent';
  // the api refuses to ship while a cancellation request waits for a decision (409 order-has-open-cancellation)
  const { data: waiting = [] } = useGetList<CancellationView>(
    'cancellations',
    {
      filter: { orderId: order.id, state: 'awaiting_seller' },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'createdAt', order: 'DESC' },
    },
    { enabled: seller && order.status === 'processing' },
  );
  const openCancellation = order.status === 'processing' ? waiting[0] : undefined;
  if (!seller) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      {openCancellation && (
        <Link
          component={RouterLink}
          to={`/cancellations/${openCancellation.id}/show`}
          variant="body2"
          color="warning.dark"
          data-testid="ship-blocked"
        >
          {translate('problems.order-has-open-cancellation')}
        </Link>
      )}
      {order.status === 'pending' && (
        <Button
          variant="contained"
          disabled={isPending}
          onClick={() => run({ path: `orders/${order.id}/process`, success: 'resources.orders.actions.processed' })}
        >
          {translate('resources.orders.actions.process')}
        </Button>
      )}
      {order.status === 'processing' && (
        <Button
          variant="contained"
          disabled={isPending || !!openCancellation}
          onClick={() => run({ path: `orders/${order.id}/ship`, success: 'resources.orders.actions.shipped' })}
        >
          {translate('resources.orders.actions.ship')}
        </Button>
      )}
      {(order.status === 'pending' || order.status === 'processing') && (
        <Button variant="outlined" color="error" onClick={() => setCancelling(true)}>
          {translate('resources.orders.actions.cancel')}
        </Button>
      )}
      {cancelling && <CancelOrderDialog order={order} onClose={() => setCancelling(false)} />}
    </Stack>
  );
}

function OrderDetails() {
  const order = useRecordContext<OrderView>();
  const translate = useTranslate();
  const format = useFormatMoney();
  const formatDate = useFormatDate();
  if (!order) return null;
  const related = (key: string) => (
    <Typography variant="h6" sx={{ mt: 2 }}>
      {translate(`resources.orders.related.${key}`)}
    </Typography>
  );
  return (
    <Grid container spacing={2} sx={{ p: 2 }}>
      <Grid size={12}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="h5">{order.postingNumber}</Typography>
          <StateChip source="status" namespace="order" />
          <span style={{ flex: 1 }} />
          <OrderActions order={order} />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, md: 7 }}>
        <Card variant="outlined">
          <CardContent>
            <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
              <Labeled label={translate('aftersale.common.buyer')}>{order.buyer.name}</Labeled>
              <Labeled label={translate('resources.orders.fields.refunded')}>{format(order.refunded)}</Labeled>
              <Labeled label={translate('resources.orders.fields.createdAt')}>{formatDate(order.createdAt)}</Labeled>
            </Stack>
            <OrderLines order={order} />
            {related('cancellations')}
            <ReferenceManyField reference="cancellations" target="orderId" sort={{ field: 'createdAt', order: 'DESC' }}>
              <Datagrid
                rowClick="show"
                bulkActionButtons={false}
                empty={<Typography color="text.secondary">—</Typography>}
              >
                <StateChip source="state" namespace="cancellation" />
                <TranslatedField source="initiator" namespace="initiator" />
                <FunctionField source="reasonId" render={(r: { reasonId: string }) => <ReasonText id={r.reasonId} />} />
                <DateField source="createdAt" showTime />
              </Datagrid>
            </ReferenceManyField>
            {related('returns')}
            <ReferenceManyField reference="returns" target="orderId" sort={{ field: 'createdAt', order: 'DESC' }}>
              <Datagrid
                rowClick="show"
                bulkActionButtons={false}
                empty={<Typography color="text.secondary">—</Typography>}
              >
                <StateChip source="state" namespace="return" />
                <TranslatedField source="type" namespace="return_type" />
                <TextField source="trackingNumber" emptyText="—" />
                <DateField source="createdAt" showTime />
              </Datagrid>
            </ReferenceManyField>
            {related('parcels')}
            <ReferenceManyField reference="parcels" target="orderId" sort={{ field: 'receivedAt', order: 'DESC' }}>
              <Datagrid bulkActionButtons={false} empty={<Typography color="text.secondary">—</Typography>}>
                <TextField source="code" />
                <DateField source="receivedAt" showTime />
                <TranslatedField source="condition" namespace="parcel_condition" />
                <FunctionField
                  source="attachmentIds"
                  sortable={false}
                  render={(p: ParcelView) => <EvidenceGallery ids={p.attachmentIds} size={40} />}
                />
                <ReferenceField source="returnId" reference="returns" link="show" sortable={false} emptyText="—" />
              </Datagrid>
            </ReferenceManyField>
            {related('refunds')}
            <ReferenceManyField reference="refunds" target="orderId" sort={{ field: 'createdAt', order: 'DESC' }}>
              <Datagrid bulkActionButtons={false} empty={<Typography color="text.secondary">—</Typography>}>
                <StateChip source="state" namespace="refund" />
                <TranslatedField source="cause.type" namespace="refund_cause" />
                <MoneyField source="amount" />
                <DateField source="createdAt" showTime />
              </Datagrid>
            </ReferenceManyField>
          </CardContent>
        </Card>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <Typography variant="h6" sx={{ display: 'none' }}>
          {translate('resources.orders.related.timeline')}
        </Typography>
        <TimelinePanel orderId={order.id} namespace="order" />
      </Grid>
    </Grid>
  );
}

export default function OrderShow() {
  return (
    <Show actions={false}>
      <OrderDetails />
    </Show>
  );
}
