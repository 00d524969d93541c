import { useState } from 'react';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { Area, AreaChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { QueueOverview } from '@aftersale/contracts';
import { formatSeconds, loadThreshold, opsApi, REFRESH_MS, saveThreshold } from './api';

function Throughput({ queue }: { queue: QueueOverview }) {
  const data = queue.throughput.completed.map((completed, i) => ({
    minute: i - 59,
    completed,
    failed: queue.throughput.failed[i] ?? 0,
  }));
  return (
    <Box sx={{ width: 180, height: 40 }} data-testid={`throughput-${queue.name}`}>
      <ResponsiveContainer>
        <AreaChart data={data} margin={{ top: 2, bottom: 2, left: 0, right: 0 }}>
          <Tooltip formatter={(value, name) => [value, name]} labelFormatter={() => ''} />
          <Area type="monotone" dataKey="completed" stroke="#2e7d32" fill="#a5d6a7" isAnimationActive={false} />
          <Area type="monotone" dataKey="failed" stroke="#c62828" fill="#ef9a9a" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </Box>
  );
}

/** Every queue at a glance, refreshed every few seconds, with the backlog warning and PostgreSQL/Redis health. */
export function QueueOverviewTab() {
  const translate = useTranslate();
  const [threshold, setThreshold] = useState(loadThreshold);
  const queues = useQuery({ queryKey: ['ops', 'queues'], queryFn: opsApi.queues, refetchInterval: REFRESH_MS });
  const outbox = useQuery({ queryKey: ['ops', 'outbox'], queryFn: opsApi.outbox, refetchInterval: REFRESH_MS });
  const health = useQuery({ queryKey: ['ops', 'health'], queryFn: opsApi.health, refetchInterval: REFRESH_MS });

  const backlogged = (queues.data ?? []).filter((q) => (q.oldestWaitingSeconds ?? 0) > threshold);
  const outboxLagging = (outbox.data?.lagSeconds ?? 0) > threshold;

  return (
    <Stack spacing={2}>
      {backlogged.map((q) => (
        <Alert key={q.name} severity="warning" data-testid="backlog-warning">
          {translate('aftersale.ops.backlog_queue', {
            queue: q.name,
            age: formatSeconds(q.oldestWaitingSeconds, translate),
            threshold: formatSeconds(threshold, translate),
          })}
        </Alert>
      ))}
      {outboxLagging && (
        <Alert severity="warning" data-testid="backlog-warning">
          {translate('aftersale.ops.backlog_outbox', {
            age: formatSeconds(outbox.data!.lagSeconds, translate),
            threshold: formatSeconds(threshold, translate),
          })}
        </Alert>
      )}
      {queues.error ? <Alert severity="error">{translate('aftersale.ops.unreachable')}</Alert> : null}
      <Stack direction="row" spacing={2} alignItems="center">
        <TextField
          size="small"
          type="number"
          label={translate('aftersale.ops.threshold')}
          value={threshold}
          onChange={(event) => {
            const value = Number(event.target.value);
            if (value > 0) {
              setThreshold(value);
              saveThreshold(value);
            }
          }}
          sx={{ width: 220 }}
          inputProps={{ min: 1, 'data-testid': 'backlog-threshold' }}
        />
        <Typography variant="body2" color="text.secondary">
          {translate('aftersale.ops.refreshing', { seconds: REFRESH_MS / 1000 })}
        </Typography>
      </Stack>
      <Table size="small" data-testid="queue-table">
        <TableHead>
          <TableRow>
            <TableCell>{translate('aftersale.ops.queue')}</TableCell>
            {(['waiting', 'active', 'delayed', 'failed', 'completed'] as const).map((state) => (
              <TableCell key={state} align="right">
                {translate(`aftersale.ops.states.${state}`)}
              </TableCell>
            ))}
            <TableCell align="right">{translate('aftersale.ops.oldest_waiting')}</TableCell>
            <TableCell align="right">{translate('aftersale.ops.workers')}</TableCell>
            <TableCell>{translate('aftersale.ops.throughput')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(queues.data ?? []).map((q) => (
            <TableRow key={q.name} data-testid={`queue-row-${q.name}`}>
              <TableCell>
                {q.name} {q.paused && <Chip size="small" label={translate('aftersale.ops.paused')} />}
              </TableCell>
              {(['waiting', 'active', 'delayed', 'failed', 'completed'] as const).map((state) => (
                <TableCell
                  key={state}
                  align="right"
                  data-testid={`count-${q.name}-${state}`}
                  sx={state === 'failed' && q.counts.failed > 0 ? { color: 'error.main', fontWeight: 600 } : undefined}
                >
                  {q.counts[state]}
                </TableCell>
              ))}
              <TableCell align="right">{formatSeconds(q.oldestWaitingSeconds, translate)}</TableCell>
              <TableCell align="right">{q.workers}</TableCell>
              <TableCell>
                <Throughput queue={q} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Card variant="outlined" sx={{ flex: 1 }} data-testid="outbox-card">
          <CardContent>
            <Typography variant="subtitle2">{translate('aftersale.ops.outbox')}</Typography>
            <Typography>
              {translate('aftersale.ops.outbox_figures', {
                unpublished: outbox.data?.unpublished ?? '—',
                lag: formatSeconds(outbox.data?.lagSeconds ?? null, translate),
                unprocessed: outbox.data?.unprocessed ?? '—',
              })}
            </Typography>
          </CardContent>
        </Card>
        {(['postgres', 'redis'] as const).map((service) => {
          const figures = health.data?.[service];
          return (
            <Card variant="outlined" sx={{ flex: 1 }} key={service} data-testid={`health-${service}`}>
              <CardContent>
                <Typography variant="subtitle2">
                  {service === 'postgres' ? 'PostgreSQL' : 'Redis'}{' '}
                  <Chip
                    size="small"
                    color={figures?.status === 'up' ? 'success' : 'error'}
                    label={translate(`aftersale.ops.${figures?.status === 'up' ? 'up' : 'down'}`)}
                  />
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {figures?.status === 'up'
                    ? translate('aftersale.ops.health_figures', {
                        version: figures.version ?? '—',
                        latency: figures.latencyMs ?? '—',
                      })
                    : '—'}
                </Typography>
              </CardContent>
            </Card>
          );
        })}
      </Stack>
    </Stack>
  );
}
