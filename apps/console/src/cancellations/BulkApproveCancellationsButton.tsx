import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import type { CancellationView, OrderView } from '@aftersale/contracts';
import { useMutation } from '@tanstack/react-query';
import {
  useDataProvider,
  useGetMany,
  useListContext,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { formatMoney, sumMoney } from '../shared/money';

/** Approves the selected requests after a confirmation that says how many and what is refunded in total. */
export function BulkApproveCancellationsButton() {
  const { selectedIds, data = [] } = useListContext<CancellationView>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('cancellations');
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const [open, setOpen] = useState(false);
  const selected = data.filter((c) => selectedIds.includes(c.id) && c.state === 'awaiting_seller');
  const { data: orders = [] } = useGetMany<OrderView>(
    'orders',
    { ids: selected.map((c) => c.orderId) },
    { enabled: open },
  );
  const total = sumMoney(orders.map((o) => ({ amount: o.paid.amount - o.refunded.amount, currency: o.paid.currency })))
    .map((m) => formatMoney(m, locale))
    .join(' + ');
  const mutation = useMutation({
    mutationFn: async () => {
      const results = await Promise.allSettled(
        selected.map((c) =>
          dataProvider.command(
            `cancellations/${c.id}/approve`,
            {},
            {
              onAccepted: () => notify('aftersale.command.in_progress', { type: 'info' }),
            },
          ),
        ),
      );
      return {
        ok: results.filter((r) => r.status === 'fulfilled').length,
        failed: results.filter((r) => r.status === 'rejected').length,
      };
    },
    onSuccess: ({ ok, failed }) => {
      if (failed === 0)
        notify('resources.cancellations.actions.bulk_done', { type: 'success', messageArgs: { smart_count: ok } });
      else notify('resources.cancellations.actions.bulk_partial', { type: 'warning', messageArgs: { ok, failed } });
      setOpen(false);
      unselectAll();
      refresh();
    },
  });
  return (
    <>
      <Button
        size="small"
        startIcon={<CheckIcon />}
        disabled={selected.length === 0}
        onClick={() => setOpen(true)}
        data-testid="bulk-approve"
      >
        {translate('resources.cancellations.actions.bulk_approve')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} data-testid="bulk-approve-dialog">
        <DialogTitle>
          {translate('resources.cancellations.actions.bulk_title', { smart_count: selected.length })}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {translate('resources.cancellations.actions.bulk_effect', { amount: total || '…' })}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button
            variant="contained"
            color="success"
            disabled={mutation.isPending || orders.length < selected.length}
            onClick={() => mutation.mutate()}
          >
            {translate('ra.action.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
