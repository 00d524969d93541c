import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardContent,
  Grid,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { CLOSABLE_RETURN_STATES } from '@aftersale/contracts';
import type { ReturnState, ReturnView, Role } from '@aftersale/contracts';
import { Show, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { ConversationPanel } from '../shared/ConversationPanel';
import { Countdown } from '../shared/Countdown';
import { useFormatDate } from '../shared/dates';
import { EvidenceGallery } from '../shared/EvidenceGallery';
import { InspectionForm } from '../shared/InspectionForm';
import { MarketplacePushChip } from '../shared/MarketplacePushChip';
import { useFormatMoney } from '../shared/MoneyField';
import { ReasonText } from '../shared/reasons';
import { refetchWhileSendingToOzon } from '../shared/ReplyPushStatus';
import { Labeled } from '../shared/Section';
import { StateChip } from '../shared/StateChip';
import { TimelinePanel } from '../shared/TimelinePanel';
import { useCommand } from '../shared/useCommand';
import { useNow } from '../shared/useNow';
import {
  ApproveReturnDialog,
  ArbitrateDialog,
  CloseReturnDialog,
  CompensateDialog,
  RefundDialog,
  RejectReturnDialog,
} from './ReturnDialogs';

const STEPS = ['requested', 'approved', 'shipped', 'received', 'inspected', 'refunded'] as const;
const STEP_OF: Partial<Record<ReturnState, number>> = {
  requested: 0,
  compensation_offered: 0,
  approved: 1,
  in_transit: 2,
  received: 3,
  inspected: 4,
  refunded: 6,
  partially_refunded: 6,
};

type DialogKind = 'approve' | 'reject' | 'compensate' | 'refund' | 'reject-after' | 'arbitrate' | 'close';

/**
 * Whether the api would close the case now: an open case, or a rejection whose 5-day dispute window has passed
 * (before that closing would take the buyer's dispute away, and the api answers 409 invalid-transition).
 */
function closableAt(record: ReturnView, now: number): boolean {
  if (CLOSABLE_RETURN_STATES.includes(record.state)) return true;
  if (record.state !== 'rejected' && record.state !== 'return_rejected') return false;
  return !!record.disputeDeadlineAt && now > new Date(record.disputeDeadlineAt).getTime();
}

/** A compensation may be offered twice per case at most; a third is refused (docs/rules.md "Compensation offers"). */
const MAX_COMPENSATION_OFFERS = 2;

/** Only the actions of the case's current step (docs/console.md "Returns"). */
function StepActions({ record }: { record: ReturnView }) {
  const translate = useTranslate();
  const { permissions } = usePermissions<Role>();
  const { run, isPending } = useCommand();
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const seller = permissions === 'seller_admin' || permissions === 'seller_agent';
  const receiver = seller || permissions === 'warehouse';
  const ops = permissions === 'ops';
  const now = useNow(60_000);
  const a = (key: string) => translate(`resources.returns.actions.${key}`);
  const receive = () =>
    run({
      path: 'parcels/receive',
      body: { code: record.trackingNumber ?? record.postingNumber },
      success: 'resources.returns.actions.received',
    });
  const close = () => setDialog(null);
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {seller && record.state === 'requested' && (
        <>
          <Button variant="contained" color="success" onClick={() => setDialog('approve')}>
            {a('approve')}
          </Button>
          <Button variant="outlined" color="error" onClick={() => setDialog('reject')}>
            {a('reject')}
          </Button>
          {record.compensationOffers.length < MAX_COMPENSATION_OFFERS && (
            <Button variant="outlined" onClick={() => setDialog('compensate')}>
              {a('compensate')}
            </Button>
          )}
        </>
      )}
      {receiver && (record.state === 'approved' || record.state === 'in_transit') && (
        <Button variant="contained" onClick={receive} disabled={isPending}>
          {a('receive')}
        </Button>
      )}
      {seller && (record.state === 'inspected' || record.state === 'requested' || record.state === 'approved') && (
        <Button
          variant={record.state === 'inspected' ? 'contained' : 'outlined'}
          color="success"
          onClick={() => setDialog('refund')}
        >
          {a('refund')}
        </Button>
      )}
      {seller && record.state === 'inspected' && (
        <Button variant="outlined" color="error" onClick={() => setDialog('reject-after')}>
          {a('reject_after_inspection')}
        </Button>
      )}
      {ops && record.state === 'arbitration' && (
        <Button variant="contained" onClick={() => setDialog('arbitrate')} data-testid="arbitrate-button">
          {a('arbitrate')}
        </Button>
      )}
      {(permissions === 'seller_admin' || ops) && closableAt(record, now) && (
        <Button variant="outlined" color="error" onClick={() => setDialog('close')} data-testid="close-case-button">
          {a('close')}
        </Button>
      )}
      <ApproveReturnDialog record={record} open={dialog === 'approve'} onClose={close} />
      {dialog === 'reject' && <RejectReturnDialog record={record} open onClose={close} />}
      {dialog === 'reject-after' && <RejectReturnDialog record={record} open onClose={close} afterInspection />}
      {dialog === 'compensate' && <CompensateDialog record={record} open onClose={close} />}
      {dialog === 'refund' && <RefundDialog record={record} open onClose={close} />}
      {dialog === 'arbitrate' && <ArbitrateDialog record={record} open onClose={close} />}
      {dialog === 'close' && <CloseReturnDialog record={record} open onClose={close} />}
    </Stack>
  );
}

function ReturnDetails() {
  const record = useRecordContext<ReturnView>();
  const translate = useTranslate();
  const format = useFormatMoney();
  const formatDate = useFormatDate();
  const { permissions } = usePermissions<Role>();
  if (!record) return null;
  const f = (name: string) => translate(`resources.returns.fields.${name}`);
  const step = STEP_OF[record.state];
  const canInspect = record.state === 'received' && permissions !== 'ops';
  // warehouse staff do not read the audit trail (TimelinePanel): the case takes the page's width
  const withTimeline = permissions !== 'warehouse';
  // the inspection's photos of the return as a whole: a line's show beside its outcome
  const linePhotos = new Set(record.inspection.flatMap((i) => i.attachmentIds));
  const wholeReturnPhotos = record.inspectionAttachmentIds.filter((id) => !linePhotos.has(id));
  return (
    <Grid container spacing={2} sx={{ p: 2 }}>
      <Grid size={12}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="h5" data-testid="case-title">
            {record.postingNumber}
          </Typography>
          <StateChip source="state" namespace="return" />
          <Typography color="text.secondary">{translate(`states.return_type.${record.type}`)}</Typography>
          {record.state === 'requested' && <Countdown deadline={record.decisionDeadlineAt} />}
          <MarketplacePushChip link={record.marketplace} />
          <span style={{ flex: 1 }} />
          <StepActions record={record} />
        </Stack>
      </Grid>
      {step !== undefined && (
        <Grid size={12}>
          <Stepper activeStep={step} alternativeLabel data-testid="return-stepper">
            {STEPS.map((s) => (
              <Step key={s}>
                <StepLabel>{translate(`resources.returns.steps.${s}`)}</StepLabel>
              </Step>
            ))}
          </Stepper>
        </Grid>
      )}
      <Grid size={{ xs: 12, md: withTimeline ? 7 : 12 }}>
        <Stack spacing={2}>
          <Card variant="outlined">
            <CardContent>
              <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
                <Labeled label={f('reasonId')}>
                  <ReasonText id={record.reasonId} />
                </Labeled>
                <Labeled label={f('comment')}>{record.comment || '—'}</Labeled>
                <Labeled label={f('trackingNumber')}>{record.trackingNumber || '—'}</Labeled>
                <Labeled label={f('linesAmount')}>{format(record.linesAmount)}</Labeled>
                {record.suggestedRefund && (
                  <Labeled label={f('suggestedRefund')}>{format(record.suggestedRefund)}</Labeled>
                )}
                {record.refunded.amount > 0 && <Labeled label={f('refunded')}>{format(record.refunded)}</Labeled>}
                {record.returnAddress && <Labeled label={f('returnAddress')}>{record.returnAddress}</Labeled>}
                {record.returnShippingPaidBy && (
                  <Labeled label={f('returnShippingPaidBy')}>
                    {translate(`states.payer.${record.returnShippingPaidBy}`)}
                    {record.returnShippingFee ? ` · ${format(record.returnShippingFee)}` : ''}
                  </Labeled>
                )}
                {record.shipBy && <Labeled label={f('shipBy')}>{formatDate(record.shipBy)}</Labeled>}
                {record.rejectionReasonId && (
                  <Labeled label={f('rejectionReasonId')}>
                    <ReasonText id={record.rejectionReasonId} />
                  </Labeled>
                )}
                {record.rejectionComment && <Labeled label={f('rejectionComment')}>{record.rejectionComment}</Labeled>}
                {record.disputeDeadlineAt && (
                  <Labeled label={f('disputeDeadlineAt')}>{formatDate(record.disputeDeadlineAt)}</Labeled>
                )}
                {record.arbitrationDecision && (
                  <Labeled label={f('arbitrationDecision')}>
                    {translate(`resources.returns.actions.decision_${record.arbitrationDecision}`)}
                  </Labeled>
                )}
                <Labeled label={f('createdAt')}>{formatDate(record.createdAt)}</Labeled>
              </Stack>
              <Table size="small" data-testid="return-lines">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('aftersale.common.sku')}</TableCell>
                    <TableCell align="right">{translate('aftersale.common.quantity')}</TableCell>
                    <TableCell align="right">{translate('aftersale.common.line_total')}</TableCell>
                    <TableCell>{translate('aftersale.inspection.outcome')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {record.lines.map((line) => (
                    <TableRow key={line.sku}>
                      <TableCell>{line.sku}</TableCell>
                      <TableCell align="right">{line.quantity}</TableCell>
                      <TableCell align="right">{format(line.amount)}</TableCell>
                      <TableCell data-testid={`inspection-of-${line.sku}`}>
                        {record.inspection.some((i) => i.sku === line.sku)
                          ? record.inspection
                              .filter((i) => i.sku === line.sku)
                              .map((i, n) => (
                                <Box key={n}>
                                  {`${i.quantity} × ${translate(`states.inspection.${i.outcome}`)}${i.note ? ` (${i.note})` : ''}`}
                                  {i.attachmentIds.length > 0 && <EvidenceGallery ids={i.attachmentIds} size={48} />}
                                </Box>
                              ))
                          : '—'}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <EvidenceGallery ids={record.attachmentIds} size={96} />
              {wholeReturnPhotos.length > 0 && (
                <Stack sx={{ mt: 2 }} data-testid="inspection-photos">
                  <Typography variant="subtitle2">{translate('aftersale.inspection.photos')}</Typography>
                  <EvidenceGallery ids={wholeReturnPhotos} size={96} />
                </Stack>
              )}
              {record.compensationOffers.length > 0 && (
                <Stack sx={{ mt: 2 }}>
                  <Typography variant="subtitle2">{translate('resources.returns.actions.offers')}</Typography>
                  {record.compensationOffers.map((offer) => (
                    <Typography key={offer.id} variant="body2">
                      {format(offer.amount)} · {translate(`states.offer.${offer.state}`)} ·{' '}
                      {formatDate(offer.offeredAt)}
                    </Typography>
                  ))}
                </Stack>
              )}
            </CardContent>
          </Card>
          {canInspect && (
            <Card variant="outlined">
              <CardContent>
                <InspectionForm record={record} />
              </CardContent>
            </Card>
          )}
          <ConversationPanel caseType="return" caseId={record.id} replies={record.marketplace?.replies} />
        </Stack>
      </Grid>
      {withTimeline && (
        <Grid size={{ xs: 12, md: 5 }}>
          <TimelinePanel caseType="return" caseId={record.id} namespace="return" />
        </Grid>
      )}
    </Grid>
  );
}

export default function ReturnShow() {
  return (
    <Show actions={false} queryOptions={{ refetchInterval: refetchWhileSendingToOzon }}>
      <ReturnDetails />
    </Show>
  );
}
