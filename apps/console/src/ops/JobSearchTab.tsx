import { useState } from 'react';
import {
  Alert,
  Button,
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
import { opsApi } from './api';

/** Jobs by job id, posting number, case, refund or command id — answered from the api's own records. */
export function JobSearchTab() {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['ops', 'jobs', q], queryFn: () => opsApi.findJobs(q), enabled: q !== '' });
  return (
    <Stack spacing={2}>
      <Stack
        direction="row"
        spacing={1}
        alignItems="flex-start"
        component="form"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(text.trim());
        }}
      >
        <TextField
          size="small"
          label={translate('aftersale.ops.search_label')}
          helperText={translate('aftersale.ops.search_hint')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          sx={{ width: 520, maxWidth: '100%' }}
          inputProps={{ 'data-testid': 'job-search' }}
        />
        <Button type="submit" variant="contained" disabled={text.trim() === ''}>
          {translate('aftersale.ops.search')}
        </Button>
      </Stack>
      {found.data && found.data.length === 0 && (
        <Alert severity="info">{translate('aftersale.ops.nothing_found')}</Alert>
      )}
      {found.data && found.data.length > 0 && (
        <Table size="small" data-testid="job-results">
          <TableHead>
            <TableRow>
              <TableCell>{translate('aftersale.ops.queue')}</TableCell>
              <TableCell>{translate('aftersale.ops.job')}</TableCell>
              <TableCell>{translate('aftersale.ops.state')}</TableCell>
              <TableCell>{translate('aftersale.ops.concerns')}</TableCell>
              <TableCell>{translate('aftersale.ops.error')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {found.data.map((job) => (
              <TableRow key={`${job.queue}/${job.id}`}>
                <TableCell>{job.queue}</TableCell>
                <TableCell>
                  <Typography variant="body2">{job.name}</Typography>
                  <Typography variant="caption" color="text.secondary">
                    {job.id}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Chip size="small" label={translate(`aftersale.ops.states.${job.state}`)} />
                </TableCell>
                <TableCell>
                  {translate(`aftersale.ops.kinds.${job.concerns.kind}`)} {job.concerns.type ?? ''}
                </TableCell>
                <TableCell sx={{ color: 'error.main' }}>{job.failedReason ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}
