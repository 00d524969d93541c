import { Card, CardContent, Stack, Typography, Box } from '@mui/material';
import type { AuditEventView, CaseType, Role } from '@aftersale/contracts';
import { useGetList, usePermissions, useTranslate } from 'react-admin';
import { useFormatDate } from './dates';

/** Audit events of a case (or of an order with `orderId`): who, when, from which state to which. */
export function TimelinePanel(props: { caseType?: CaseType; caseId?: string; orderId?: string; namespace: string }) {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const filter = props.orderId ? { orderId: props.orderId } : { caseType: props.caseType, caseId: props.caseId };
  // the audit trail is the seller's and ops' (docs/api.md): warehouse staff see the case without it, not an empty one
  const { permissions } = usePermissions<Role>();
  const readable = permissions !== undefined && permissions !== 'warehouse';
  const { data = [] } = useGetList<AuditEventView>(
    'audit-events',
    { filter, sort: { field: 'at', order: 'ASC' }, pagination: { page: 1, perPage: 200 } },
    { enabled: readable },
  );
  const state = (event: AuditEventView, value: string | null) => {
    if (!value) return '';
    const ns = event.caseType === 'order' ? 'order' : event.caseType === 'refund' ? 'refund' : event.caseType;
    return translate(`states.${ns}.${value}`, { _: value });
  };
  const actor = (event: AuditEventView) =>
    event.actor.kind === 'user'
      ? (event.actor.name ?? '')
      : translate(`aftersale.timeline.actor_${event.actor.kind}`, { _: event.actor.kind });
  if (!readable) return null;
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('aftersale.timeline.title')}
        </Typography>
        {data.length === 0 && <Typography color="text.secondary">{translate('aftersale.timeline.empty')}</Typography>}
        <Stack spacing={1} data-testid="timeline">
          {data.map((event) => (
            <Box key={event.id} sx={{ borderLeft: 3, borderColor: 'primary.light', pl: 1.5 }}>
              <Typography variant="body2">
                {event.to === null ? (
                  // an event that moves no state (a message): named by its type
                  translate(`aftersale.timeline.event_${event.type}`, { _: event.type })
                ) : (
                  <>
                    {event.from ? `${state(event, event.from)} → ` : ''}
                    <b>{state(event, event.to)}</b>
                  </>
                )}
              </Typography>
              {typeof event.data?.comment === 'string' && event.data.comment && (
                // the comment a decision, a dispute or a closing was made with (what ops weigh in arbitration)
                <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>
                  {event.data.comment}
                </Typography>
              )}
              <Typography variant="caption" color="text.secondary">
                {formatDate(event.at)} · {translate('aftersale.timeline.by', { actor: actor(event) })}
              </Typography>
            </Box>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}
