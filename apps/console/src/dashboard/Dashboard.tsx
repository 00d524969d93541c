import { Card, CardActionArea, CardContent, Grid, Link as MuiLink, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReasonView, SellerStatsView } from '@aftersale/contracts';
import { Title, useDataProvider, useGetMany, useLocaleState, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { formatMoney } from '../shared/money';
import { reasonLabel } from '../shared/reasons';

const listLink = (resource: string, filter: object, sort?: { field: string; order: 'ASC' | 'DESC' }) =>
  `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}${sort ? `&sort=${sort.field}&order=${sort.order}` : ''}`;

function Figure(props: {
  label: string;
  value: string;
  sub?: React.ReactNode;
  to?: string;
  tone?: 'warning' | 'error';
  testId?: string;
}) {
  const content = (
    <CardContent>
      <Typography color="text.secondary" variant="body2">
        {props.label}
      </Typography>
      <Typography variant="h4" color={props.tone ? `${props.tone}.main` : undefined} data-testid={props.testId}>
        {props.value}
      </Typography>
      {props.sub && (
        <Typography variant="caption" color="text.secondary" component="div">
          {props.sub}
        </Typography>
      )}
    </CardContent>
  );
  return (
    <Card sx={{ height: '100%' }}>
      {props.to ? (
        <CardActionArea component={Link} to={props.to}>
          {content}
        </CardActionArea>
      ) : (
        content
      )}
    </Card>
  );
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A figure that counts both kinds of case: no one list holds both, so a link to each with its own count, to the
 * waiting requests and to the cases waiting for the seller's decision (`requested` only: a case with a compensation
 * offered waits for the buyer), each cut by the card's deadline window.
 */
function CaseLinks(props: {
  counts: { cancellations: number; returns: number };
  deadline?: { deadlineAfter?: string; deadlineBefore?: string };
  testId: string;
}) {
  const translate = useTranslate();
  const d = (key: string, options?: object) => translate(`aftersale.dashboard.${key}`, options);
  return (
    <>
      <MuiLink
        component={Link}
        to={listLink('cancellations', { state: ['awaiting_seller'], ...props.deadline })}
        data-testid={`${props.testId}-cancellations`}
      >
        {d('waiting_cancellations', { smart_count: props.counts.cancellations })}
      </MuiLink>
      {', '}
      <MuiLink
        component={Link}
        to={listLink('returns', { state: ['requested'], ...props.deadline }, { field: 'nextDeadlineAt', order: 'ASC' })}
        data-testid={`${props.testId}-returns`}
      >
        {d('waiting_returns', { smart_count: props.counts.returns })}
      </MuiLink>
    </>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {title}
        </Typography>
        <ResponsiveContainer width="100%" height={260}>
          {children}
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}

/** The seller's dashboard: figures computed by the api (GET /stats/seller), never summed from a page of records. */
export default function Dashboard() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const { data: stats } = useQuery({
    queryKey: ['stats', 'seller'],
    queryFn: () => dataProvider.fetch<SellerStatsView>('stats/seller').then((r) => r.data),
    refetchInterval: 60_000,
  });
  const { data: reasons = [] } = useGetMany<ReasonView>('reasons', {
    ids: stats?.returnsByReason.map((r) => r.reasonId) ?? [],
  });
  if (!stats) return <Title title={translate('aftersale.menu.dashboard')} />;
  // the lists behind the deadline cards are cut at the moment the figures were counted, so they hold what was counted
  const countedAt = new Date(stats.generatedAt).getTime();
  const d = (key: string, options?: object) => translate(`aftersale.dashboard.${key}`, options);
  // 1258 minutes reads as "20 h 58 min", in the countdown's units
  const duration = (minutes: number) => {
    const unit = (name: string, count: number) => translate(`aftersale.countdown.${name}`, { count });
    const hours = Math.floor(minutes / 60);
    return hours === 0 ? unit('minutes', minutes) : `${unit('hours', hours)} ${unit('minutes', minutes % 60)}`;
  };
  const percent = (value: number | null) =>
    value === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  const day = (iso: string) =>
    new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(new Date(iso));
  const decisions = stats.decisionsPerDay.map((p) => ({ ...p, label: day(p.day) }));
  const times = stats.decisionTimePerDay.map((p) => ({ ...p, label: day(p.day) }));
  const byReason = stats.returnsByReason.map((r) => ({
    reason:
      reasonLabel(
        reasons.find((x) => x.id === r.reasonId),
        locale,
      ) || '…',
    count: r.count,
  }));
  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <Title title={translate('aftersale.menu.dashboard')} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure
            label={d('waiting')}
            value={String(stats.waitingForDecision.total)}
            sub={<CaseLinks counts={stats.waitingForDecision} testId="waiting" />}
            testId="figure-waiting"
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure
            label={d('due_24h')}
            value={String(stats.dueWithin24h)}
            tone={stats.dueWithin24h ? 'warning' : undefined}
            sub={
              <CaseLinks
                counts={stats.dueWithin24hByKind}
                deadline={{ deadlineAfter: iso(countedAt), deadlineBefore: iso(countedAt + DAY_MS) }}
                testId="due"
              />
            }
            testId="figure-due"
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure
            label={d('overdue')}
            value={String(stats.overdue)}
            tone={stats.overdue ? 'error' : undefined}
            sub={
              <CaseLinks counts={stats.overdueByKind} deadline={{ deadlineBefore: iso(countedAt) }} testId="overdue" />
            }
            testId="figure-overdue"
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure
            label={d('refunds_failed')}
            value={String(stats.refundsFailed)}
            tone={stats.refundsFailed ? 'error' : undefined}
            to={listLink('refunds', { state: 'failed' })}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure
            label={d('refunds_today')}
            value={
              stats.refundsToday.sums.map((m) => formatMoney(m, locale)).join(' + ') ||
              formatMoney({ amount: 0, currency: stats.currency }, locale)
            }
            sub={String(stats.refundsToday.count)}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure label={d('cancellation_rate')} value={percent(stats.cancellationRate30d)} sub={d('reliability')} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure
            label={d('decided_in_time')}
            value={percent(stats.decidedInTimeShare30d)}
            sub={`${d('breaches')}: ${stats.deadlineBreaches30d}`}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Figure
            label={d('median_decision')}
            value={stats.medianDecisionMinutes30d === null ? '—' : duration(Math.round(stats.medianDecisionMinutes30d))}
            sub={`${d('return_rate')}: ${percent(stats.returnRate30d)}`}
          />
        </Grid>
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Chart title={d('decisions_per_day')}>
            <BarChart data={decisions}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={11} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="approved" stackId="d" fill="#2e7d32" name={d('approved')} />
              <Bar dataKey="rejected" stackId="d" fill="#d32f2f" name={d('rejected')} />
              <Bar dataKey="autoApproved" stackId="d" fill="#ed6c02" name={d('auto_approved')} />
            </BarChart>
          </Chart>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Chart title={d('decision_time_per_day')}>
            <LineChart data={times}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={11} />
              <YAxis />
              <Tooltip />
              <Line type="monotone" dataKey="medianMinutes" stroke="#1976d2" connectNulls name={d('median_decision')} />
            </LineChart>
          </Chart>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <Chart title={d('returns_by_reason')}>
            <BarChart data={byReason} layout="vertical" margin={{ left: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="reason" width={180} fontSize={12} />
              <Tooltip />
              <Bar dataKey="count" fill="#7b1fa2" name={translate('resources.returns.name', { smart_count: 2 })} />
            </BarChart>
          </Chart>
        </Grid>
      </Grid>
    </Stack>
  );
}
