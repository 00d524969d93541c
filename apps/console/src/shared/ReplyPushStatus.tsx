import { Stack, Tooltip, Typography } from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import ScheduleIcon from '@mui/icons-material/Schedule';
import type { MarketplaceLinkView, MarketplaceReplyView } from '@aftersale/contracts';
import type { Query } from '@tanstack/react-query';
import { type RaRecord, useTranslate } from 'react-admin';

const ICON = { sending: ScheduleIcon, accepted: DoneAllIcon, refused: ErrorOutlineIcon, failed: ErrorOutlineIcon };
/** how the connector's errors name the Ozon path that answered (`Ozon /v1/chat/start: …`) */
const OZON_ANSWER = /^Ozon \/\S+: /;
const COLOR = { sending: 'text.secondary', accepted: 'success.main', refused: 'error.main', failed: 'error.main' };

/**
 * Where one of the seller's replies stands with Ozon's chat (docs/ozon.md#push), under the message: sending,
 * delivered, or refused / not delivered with Ozon's answer below it (the whole error, with Ozon's path, on hover).
 */
export function ReplyPushStatus({ reply }: { reply: MarketplaceReplyView }) {
  const translate = useTranslate();
  const Icon = ICON[reply.push];
  const status = (
    <Stack
      direction="row"
      spacing={0.5}
      data-testid="reply-push"
      data-push={reply.push}
      sx={{ alignItems: 'center', justifyContent: 'flex-end', color: COLOR[reply.push], mt: 0.5 }}
    >
      <Icon sx={{ fontSize: 14 }} />
      <Typography variant="caption">{translate(`aftersale.ozon.reply.${reply.push}`)}</Typography>
    </Stack>
  );
  if (!reply.error) return status;
  return (
    <>
      <Tooltip title={reply.error}>{status}</Tooltip>
      <Typography
        variant="caption"
        component="p"
        color="error"
        data-testid="reply-push-error"
        sx={{ textAlign: 'right', overflowWrap: 'anywhere' }}
      >
        {OZON_ANSWER.test(reply.error)
          ? translate('aftersale.ozon.reply.answer', { error: reply.error.replace(OZON_ANSWER, '') })
          : reply.error}
      </Typography>
    </>
  );
}

/**
 * A case page's record is fetched again every few seconds while something of ours is on its way to Ozon (the
 * decision or a reply), so "Sending to Ozon…" turns into Ozon's answer without reloading the page.
 */
export function refetchWhileSendingToOzon(query: Query<RaRecord>): number | false {
  const link = (query.state.data as { marketplace?: MarketplaceLinkView | null } | undefined)?.marketplace;
  return link && (link.push === 'sending' || (link.replies?.sending ?? 0) > 0) ? 3_000 : false;
}
