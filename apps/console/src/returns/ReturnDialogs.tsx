import { useState } from 'react';
import { CommentField } from '../shared/CommentField';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  TextField,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ArbitrationDecision, Money, ReasonView, ReturnView, SellerSettingsView } from '@aftersale/contracts';
import { useDataProvider, useGetOne, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { useFormatMoney } from '../shared/MoneyField';
import { MoneyInputField, RefundAmount, type RefundAmountValue } from '../shared/RefundAmount';
import { ReasonSelect } from '../shared/reasons';
import { useCommand } from '../shared/useCommand';

interface Props {
  record: ReturnView;
  open: boolean;
  onClose: () => void;
}

function useSettings() {
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  return useQuery({
    queryKey: ['sellers', 'me', 'settings'],
    queryFn: () => dataProvider.fetch<SellerSettingsView>('sellers/me/settings').then((r) => r.data),
  });
}

const dateAfterDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Return instructions, prefilled from the seller's settings (address, who pays, fee, ship-by date). */
export function ApproveReturnDialog({ record, open, onClose }: Props) {
  const translate = useTranslate();
  const { data: settings } = useSettings();
  const { data: reason } = useGetOne<ReasonView>(
    'reasons',
    { id: record.reasonId ?? '' },
    { enabled: !!record.reasonId },
  );
  if (!open || !settings) return null;
  return (
    <ApproveReturnForm
      record={record}
      onClose={onClose}
      settings={settings}
      defectiveReason={!!reason?.isDefect}
      translate={translate}
    />
  );
}

function ApproveReturnForm({
  record,
  onClose,
  settings,
  defectiveReason,
  translate,
}: {
  record: ReturnView;
  onClose: () => void;
  settings: SellerSettingsView;
  defectiveReason: boolean;
  translate: ReturnType<typeof useTranslate>;
}) {
  const { run, isPending } = useCommand();
  const [address, setAddress] = useState(settings.defaultReturnAddress ?? '');
  const [payer, setPayer] = useState<'buyer' | 'seller'>(
    defectiveReason || record.type === 'defect_claim' ? 'seller' : 'buyer',
  );
  // the fee is in the order's currency (else 422 currency-mismatch); the settings' fee applies to orders in its
  // own currency only, so another currency's order starts at zero
  const currency = record.linesAmount.currency;
  const defaultFee =
    settings.defaultReturnShippingFee.currency === currency ? settings.defaultReturnShippingFee.amount : 0;
  const [fee, setFee] = useState<number | null>(defaultFee);
  const [shipBy, setShipBy] = useState(dateAfterDays(settings.returnShipByDays));
  const f = (name: string) => translate(`resources.returns.fields.${name}`);
  const approve = () =>
    run(
      {
        path: `returns/${record.id}/approve`,
        body: {
          returnAddress: address.trim(),
          returnShippingPaidBy: payer,
          ...(payer === 'buyer' && fee !== null ? { returnShippingFee: { amount: fee, currency } } : {}),
          shipBy: new Date(`${shipBy}T23:59:59`).toISOString(),
        },
        success: 'resources.returns.actions.approved',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="approve-return-dialog">
      <DialogTitle>
        {translate('resources.returns.actions.approve_title', { posting: record.postingNumber })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('resources.returns.actions.approve_effect')}</DialogContentText>
        <TextField
          fullWidth
          multiline
          margin="dense"
          label={f('returnAddress')}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
        <TextField
          select
          fullWidth
          margin="dense"
          label={f('returnShippingPaidBy')}
          value={payer}
          onChange={(e) => setPayer(e.target.value as 'buyer' | 'seller')}
        >
          <MenuItem value="buyer">{translate('states.payer.buyer')}</MenuItem>
          <MenuItem value="seller">{translate('states.payer.seller')}</MenuItem>
        </TextField>
        {payer === 'buyer' && (
          <MoneyInputField label={f('returnShippingFee')} currency={currency} initial={defaultFee} onChange={setFee} />
        )}
        <TextField
          fullWidth
          type="date"
          margin="dense"
          label={f('shipBy')}
          value={shipBy}
          onChange={(e) => setShipBy(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          color="success"
          onClick={approve}
          disabled={isPending || !address.trim() || (payer === 'buyer' && fee === null)}
        >
          {translate('resources.returns.actions.approve')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Reject a request, or reject after inspection (`afterInspection`). */
export function RejectReturnDialog({ record, open, onClose, afterInspection }: Props & { afterInspection?: boolean }) {
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const [reason, setReason] = useState<ReasonView>();
  const [comment, setComment] = useState('');
  const valid = !!reason && (!reason.isCommentRequired || comment.trim().length > 0);
  const reject = () =>
    run(
      {
        path: `returns/${record.id}/${afterInspection ? 'reject-after-inspection' : 'reject'}`,
        body: { reasonId: reason!.id, ...(comment.trim() ? { comment: comment.trim() } : {}) },
        success: 'resources.returns.actions.rejected',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {translate('resources.returns.actions.reject_title', { posting: record.postingNumber })}
      </DialogTitle>
      <DialogContent>
        <ReasonSelect kind="return-rejection" value={reason?.id ?? ''} onChange={setReason} autoFocus />
        <CommentField
          value={comment}
          onChange={setComment}
          required={!!reason?.isCommentRequired}
          helperText={reason?.isCommentRequired ? translate('aftersale.common.comment_required') : ' '}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="error" onClick={reject} disabled={!valid || isPending}>
          {translate('resources.returns.actions.reject')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function CompensateDialog({ record, open, onClose }: Props) {
  const translate = useTranslate();
  const format = useFormatMoney();
  const { run, isPending } = useCommand();
  const [amount, setAmount] = useState<number | null>(null);
  const valid = amount !== null && amount > 0 && amount < record.linesAmount.amount;
  const offer = () =>
    run(
      {
        path: `returns/${record.id}/compensate`,
        body: { amount: { amount, currency: record.linesAmount.currency } },
        success: 'resources.returns.actions.compensated',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {translate('resources.returns.actions.compensate_title', { posting: record.postingNumber })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {translate('resources.returns.actions.compensate_effect', { max: format(record.linesAmount) })}
        </DialogContentText>
        <MoneyInputField
          label={translate('aftersale.common.amount')}
          currency={record.linesAmount.currency}
          onChange={setAmount}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={offer} disabled={!valid || isPending}>
          {translate('resources.returns.actions.compensate')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The refund: the suggested amount, lowered if the agent chooses; `{}` lets the api pay exactly the suggestion. */
export function RefundDialog({ record, open, onClose }: Props) {
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const suggested = record.suggestedRefund ?? record.linesAmount;
  const [value, setValue] = useState<RefundAmountValue>({ amount: suggested.amount, valid: suggested.amount > 0 });
  const shipping: Money =
    record.returnShippingPaidBy === 'buyer' && record.returnShippingFee && record.state === 'inspected'
      ? record.returnShippingFee
      : { amount: 0, currency: suggested.currency };
  const refund = () =>
    run(
      {
        path: `returns/${record.id}/refund`,
        body:
          value.amount === suggested.amount ? {} : { amount: { amount: value.amount, currency: suggested.currency } },
        success: 'resources.returns.actions.refunded',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" data-testid="refund-dialog">
      <DialogTitle>
        {translate('resources.returns.actions.refund_title', { posting: record.postingNumber })}
      </DialogTitle>
      <DialogContent>
        <RefundAmount
          suggested={suggested}
          breakdown={
            shipping.amount > 0
              ? { lines: { amount: suggested.amount + shipping.amount, currency: suggested.currency }, shipping }
              : undefined
          }
          onChange={setValue}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="success" onClick={refund} disabled={!value.valid || isPending}>
          {translate('resources.returns.actions.refund')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Ops decide a disputed rejection (`arbitration`): for the buyer (approved) or for the seller (rejected). */
export function ArbitrateDialog({ record, open, onClose }: Props) {
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const [decision, setDecision] = useState<ArbitrationDecision | ''>('');
  const [comment, setComment] = useState('');
  const a = (key: string) => translate(`resources.returns.actions.${key}`);
  const valid = decision !== '' && comment.trim().length > 0;
  // what an approval does depends on which rejection was disputed (docs/rules.md "Disputes and arbitration")
  const effect =
    decision === 'rejected'
      ? 'arbitrate_rejected_effect'
      : decision === 'approved'
        ? record.arbitrationFrom === 'return_rejected'
          ? 'arbitrate_approved_inspected_effect'
          : 'arbitrate_approved_effect'
        : 'arbitrate_choose';
  const arbitrate = () =>
    run(
      {
        path: `returns/${record.id}/arbitrate`,
        body: { decision, comment: comment.trim() },
        success: 'resources.returns.actions.arbitrated',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" data-testid="arbitrate-dialog">
      <DialogTitle>
        {translate('resources.returns.actions.arbitrate_title', { posting: record.postingNumber })}
      </DialogTitle>
      <DialogContent>
        <TextField
          select
          fullWidth
          margin="dense"
          label={a('decision')}
          value={decision}
          onChange={(e) => setDecision(e.target.value as ArbitrationDecision)}
        >
          <MenuItem value="approved">{a('decision_approved')}</MenuItem>
          <MenuItem value="rejected">{a('decision_rejected')}</MenuItem>
        </TextField>
        <DialogContentText sx={{ my: 1 }} data-testid="arbitrate-effect">
          {a(effect)}
        </DialogContentText>
        <CommentField value={comment} onChange={setComment} required helperText={a('comment_needed')} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          color={decision === 'rejected' ? 'error' : 'success'}
          onClick={arbitrate}
          disabled={!valid || isPending}
        >
          {a('arbitrate_confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A seller admin or ops closes an open case, with a comment (docs/rules.md "The return case's state machine"). */
export function CloseReturnDialog({ record, open, onClose }: Props) {
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const [comment, setComment] = useState('');
  const a = (key: string) => translate(`resources.returns.actions.${key}`);
  const closeCase = () =>
    run(
      {
        path: `returns/${record.id}/close`,
        body: { comment: comment.trim() },
        success: 'resources.returns.actions.closed',
      },
      { onSuccess: onClose },
    );
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" data-testid="close-return-dialog">
      <DialogTitle>{translate('resources.returns.actions.close_title', { posting: record.postingNumber })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{a('close_effect')}</DialogContentText>
        <CommentField value={comment} onChange={setComment} required autoFocus helperText={a('comment_needed')} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="error" onClick={closeCase} disabled={!comment.trim() || isPending}>
          {a('close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
