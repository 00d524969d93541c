import { Fragment, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Collapse,
  IconButton,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import type { JobView } from '@aftersale/contracts';
import { useFormatDate } from '../shared/dates';
import { opsApi, REFRESH_MS } from './api';

const QUEUES = ['orders', 'cancellations', 'returns', 'refunds', 'events', 'deadlines', 'marketplace'];

function JobDetails({ job }: { job: JobView }) {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 1 }}>
      <Typography variant="caption">{translate('aftersale.ops.payload')}</Typography>
      <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: 'pre-wrap' }} data-testid="job-payload">
        {JSON.stringify(job.data, null, 2)}
      </Box>
      <Typography variant="caption">{translate('aftersale.ops.stack')}</Typography>
      <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
        {job.stacktrace.join('\n---\n') || '—'}
      </Box>
    </Box>
  );
}

/** Failed jobs of a queue with their error and payload; retry or discard one, the selected, or all. */
export function FailedJobsTab() {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const notify = useNotify();
  const client = useQueryClient();
  const [queue, setQueue] = useState('orders');
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const jobs = useQuery({
    queryKey: ['ops', 'failed', queue],
    queryFn: () => opsApi.failedJobs(queue),
    refetchInterval: REFRESH_MS,
  });

  const act = async (work: () => Promise<unknown>, done: string, count: number) => {
    try {
      await work();
      notify(done, { type: 'success', messageArgs: { smart_count: count } });
    } catch (error) {
      notify((error as Error).message || 'problems.unknown', { type: 'error' });
    }
    setSelected([]);
    await client.invalidateQueries({ queryKey: ['ops'] });
  };
  const forEachSelected = (call: (jobId: string) => Promise<unknown>) => async () => {
    for (const jobId of selected) await call(jobId);
  };

  const list = jobs.data ?? [];
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap">
        <TextField
          select
          size="small"
          label={translate('aftersale.ops.queue')}
          value={queue}
          onChange={(event) => {
            setQueue(event.target.value);
            setSelected([]);
          }}
          sx={{ width: 180 }}
          inputProps={{ 'data-testid': 'failed-queue' }}
        >
          {QUEUES.map((name) => (
            <MenuItem key={name} value={name}>
              {name}
            </MenuItem>
          ))}
        </TextField>
        <Button
          disabled={selected.length === 0}
          onClick={() =>
            act(
              forEachSelected((id) => opsApi.retryJob(queue, id)),
              'aftersale.ops.retried',
              selected.length,
            )
          }
        >
          {translate('aftersale.ops.retry_selected', { smart_count: selected.length })}
        </Button>
        <Button
          color="error"
          disabled={selected.length === 0}
          onClick={() =>
            act(
              forEachSelected((id) => opsApi.discardJob(queue, id)),
              'aftersale.ops.discarded',
              selected.length,
            )
          }
        >
          {translate('aftersale.ops.discard_selected', { smart_count: selected.length })}
        </Button>
        <Button
          disabled={list.length === 0}
          onClick={() => act(() => opsApi.retryAllFailed(queue), 'aftersale.ops.retried', list.length)}
        >
          {translate('aftersale.ops.retry_all')}
        </Button>
        <Button
          color="error"
          disabled={list.length === 0}
          onClick={() => act(() => opsApi.discardAllFailed(queue), 'aftersale.ops.discarded', list.length)}
        >
          {translate('aftersale.ops.discard_all')}
        </Button>
      </Stack>
      {list.length === 0 && !jobs.isLoading && <Alert severity="success">{translate('aftersale.ops.no_failed')}</Alert>}
      {list.length > 0 && (
        <Table size="small" data-testid="failed-jobs">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox">
                <Checkbox
                  checked={selected.length === list.length}
                  indeterminate={selected.length > 0 && selected.length < list.length}
                  onChange={(event) => setSelected(event.target.checked ? list.map((job) => job.id) : [])}
                />
              </TableCell>
              <TableCell>{translate('aftersale.ops.job')}</TableCell>
              <TableCell>{translate('aftersale.ops.error')}</TableCell>
              <TableCell>{translate('aftersale.ops.attempts')}</TableCell>
              <TableCell>{translate('aftersale.ops.failed_at')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {list.map((job) => (
              <Fragment key={job.id}>
                <TableRow data-testid={`failed-job-${job.id}`}>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={selected.includes(job.id)}
                      onChange={(event) =>
                        setSelected((current) =>
                          event.target.checked ? [...current, job.id] : current.filter((id) => id !== job.id),
                        )
                      }
                    />
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">{job.name}</Typography>
                    <Typography variant="caption" color="text.secondary">
                      {job.id}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ color: 'error.main', maxWidth: 360 }}>{job.failedReason}</TableCell>
                  <TableCell>
                    {job.attemptsMade}/{job.attempts}
                  </TableCell>
                  <TableCell>{formatDate(job.finishedAt)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Button
                      size="small"
                      onClick={() => act(() => opsApi.retryJob(queue, job.id), 'aftersale.ops.retried', 1)}
                    >
                      {translate('aftersale.ops.retry')}
                    </Button>
                    <Button
                      size="small"
                      color="error"
                      onClick={() => act(() => opsApi.discardJob(queue, job.id), 'aftersale.ops.discarded', 1)}
                    >
                      {translate('aftersale.ops.discard')}
                    </Button>
                    <IconButton
                      size="small"
                      aria-label={translate('aftersale.ops.details')}
                      onClick={() => setOpen(open === job.id ? null : job.id)}
                    >
                      <ExpandMoreIcon fontSize="small" />
                    </IconButton>
                  </TableCell>
                </TableRow>
                <TableRow>
                  <TableCell colSpan={6} sx={{ p: 0, borderBottom: open === job.id ? undefined : 'none' }}>
                    <Collapse in={open === job.id} unmountOnExit>
                      <JobDetails job={job} />
                    </Collapse>
                  </TableCell>
                </TableRow>
              </Fragment>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}
