import { Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import type { CancellationView, OrderView } from '@aftersale/contracts';
import { Show, useGetOne, useRecordContext, useTranslate } from 'react-admin';
import { ConversationPanel } from '../shared/ConversationPanel';
import { Countdown } from '../shared/Countdown';
import { MarketplacePushChip } from '../shared/MarketplacePushChip';
import { useFormatDate } from '../shared/dates';
import { OrderLines } from '../shared/OrderLines';
import { ReasonText } from '../shared/reasons';
import { refetchWhileSendingToOzon } from '../shared/ReplyPushStatus';
import { Labeled } from '../shared/Section';
import { StateChip } from '../shared/StateChip';
import { TimelinePanel } from '../shared/TimelinePanel';
import { CancellationDecisionButtons } from './CancellationActions';

function CancellationDetails() {
  const record = useRecordContext<CancellationView>();
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const { data: order } = useGetOne<OrderView>('orders', { id: record?.orderId ?? '' }, { enabled: !!record });
  if (!record) return null;
  const f = (name: string) => translate(`resources.cancellations.fields.${name}`);
  return (
    <Grid container spacing={2} sx={{ p: 2 }}>
      <Grid size={12}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="h5" data-testid="case-title">
            {record.postingNumber}
          </Typography>
          <StateChip source="state" namespace="cancellation" />
          {record.state === 'awaiting_seller' && <Countdown deadline={record.deadlineAt} />}
          <MarketplacePushChip link={record.marketplace} />
          <span style={{ flex: 1 }} />
          <CancellationDecisionButtons />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, md: 7 }}>
        <Stack spacing={2}>
          <Card variant="outlined">
            <CardContent>
              <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap', rowGap: 2, mb: 2 }}>
                <Labeled label={f('reasonId')}>
                  <ReasonText id={record.reasonId} />
                </Labeled>
                <Labeled label={f('comment')}>{record.comment || '—'}</Labeled>
                <Labeled label={f('initiator')}>{translate(`states.initiator.${record.initiator}`)}</Labeled>
                <Labeled label={f('createdAt')}>{formatDate(record.createdAt)}</Labeled>
                {record.decidedAt && <Labeled label={f('decidedAt')}>{formatDate(record.decidedAt)}</Labeled>}
                {record.decisionComment && <Labeled label={f('decisionComment')}>{record.decisionComment}</Labeled>}
                {order && <Labeled label={translate('aftersale.common.buyer')}>{order.buyer.name}</Labeled>}
              </Stack>
              {order && <OrderLines order={order} />}
            </CardContent>
          </Card>
          <ConversationPanel caseType="cancellation" caseId={record.id} replies={record.marketplace?.replies} />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <TimelinePanel caseType="cancellation" caseId={record.id} namespace="cancellation" />
      </Grid>
    </Grid>
  );
}

export default function CancellationShow() {
  return (
    <Show actions={false} queryOptions={{ refetchInterval: refetchWhileSendingToOzon }}>
      <CancellationDetails />
    </Show>
  );
}
