import { Box, Tooltip } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { useNow } from './useNow';

const HOUR = 3_600_000;
export type CountdownLevel = 'neutral' | 'amber' | 'red' | 'overdue';

/** docs/console.md "Time is visible": neutral above 24 h, amber under 24 h, red under 6 h, then overdue. */
export function countdownLevel(remainingMs: number): CountdownLevel {
  if (remainingMs <= 0) return 'overdue';
  if (remainingMs < 6 * HOUR) return 'red';
  if (remainingMs < 24 * HOUR) return 'amber';
  return 'neutral';
}

/** The two largest units of what is left: "2 d 3 h", "2 h 14 min", "5 min". */
export function remainingParts(remainingMs: number): { unit: 'days' | 'hours' | 'minutes'; count: number }[] {
  const totalMinutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return [{ unit: 'days', count: days }, ...(hours ? [{ unit: 'hours' as const, count: hours }] : [])];
  if (hours > 0)
    return [{ unit: 'hours', count: hours }, ...(minutes ? [{ unit: 'minutes' as const, count: minutes }] : [])];
  return [{ unit: 'minutes', count: minutes }];
}

const COLOURS: Record<CountdownLevel, string> = {
  neutral: 'text.secondary',
  amber: 'warning.dark',
  red: 'error.main',
  overdue: 'error.main',
};

export function Countdown({ deadline, now: fixedNow }: { deadline: string | null | undefined; now?: number }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const ticking = useNow();
  if (!deadline) return <span>—</span>;
  const now = fixedNow ?? ticking;
  const remaining = new Date(deadline).getTime() - now;
  const level = countdownLevel(remaining);
  const text =
    level === 'overdue'
      ? translate('aftersale.countdown.overdue')
      : translate('aftersale.countdown.left', {
          time: remainingParts(remaining)
            .map(({ unit, count }) => translate(`aftersale.countdown.${unit}`, { count }))
            .join(' '),
        });
  const absolute = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(deadline),
  );
  return (
    <Tooltip title={translate('aftersale.countdown.due_at', { date: absolute })}>
      <Box
        component="span"
        data-level={level}
        data-testid="countdown"
        sx={{ color: COLOURS[level], fontWeight: level === 'neutral' ? 400 : 600, whiteSpace: 'nowrap' }}
      >
        {text}
      </Box>
    </Tooltip>
  );
}
