import { useState } from 'react';
import { Alert, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OzonConnectionView } from '@aftersale/contracts';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { useFormatDate } from '../shared/dates';
import { useNotifyProblem } from '../shared/useCommand';

const KEY = ['marketplace', 'ozon'];

/**
 * The shop's Ozon account (docs/ozon.md#connection): its status, last sync and last error; the admin connects it
 * with the Client-Id and Api-Key from Ozon's seller settings, or disconnects it. The Api-Key is never shown again.
 */
export function OzonConnectionCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyProblem = useNotifyProblem();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const [clientId, setClientId] = useState('');
  const [apiKey, setApiKey] = useState('');
  const { data } = useQuery({
    queryKey: KEY,
    queryFn: () => dataProvider.fetch<OzonConnectionView>('marketplace/ozon').then((r) => r.data),
    refetchInterval: 10_000,
  });
  const connect = useMutation({
    mutationFn: () => dataProvider.put<OzonConnectionView>('marketplace/ozon', { clientId: clientId.trim(), apiKey }),
    onSuccess: ({ data: view }) => {
      setApiKey('');
      queryClient.setQueryData(KEY, view);
      notify('aftersale.ozon.connected', { type: 'success' });
    },
    onError: notifyProblem,
  });
  const disconnect = useMutation({
    mutationFn: () => dataProvider.remove('marketplace/ozon'),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: KEY });
      notify('aftersale.ozon.disconnected', { type: 'info' });
    },
    onError: notifyProblem,
  });
  const t = (name: string) => translate(`aftersale.ozon.${name}`);
  return (
    <Card sx={{ mt: 2 }} data-testid="ozon-connection">
      <CardContent>
        <Stack spacing={2} sx={{ maxWidth: 560 }}>
          <Typography variant="h6">{t('title')}</Typography>
          <Typography variant="body2" color="text.secondary">
            {t('intro')}
          </Typography>
          {data?.connected ? (
            <>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography>{data.clientId}</Typography>
                <Chip
                  data-testid="ozon-status"
                  size="small"
                  color={data.status === 'ok' ? 'success' : data.status === 'bad-credentials' ? 'error' : 'warning'}
                  label={translate(`aftersale.ozon.statuses.${data.status}`)}
                />
              </Stack>
              <Typography variant="body2">
                {t('last_sync')}: {data.lastSyncAt ? formatDate(data.lastSyncAt) : t('never')}
              </Typography>
              {data.lastError && (
                <Alert severity={data.status === 'ok' ? 'info' : 'warning'}>
                  {t('last_error')} ({data.lastErrorAt ? formatDate(data.lastErrorAt) : ''}): {data.lastError}
                </Alert>
              )}
              <div>
                <Button color="error" disabled={disconnect.isPending} onClick={() => disconnect.mutate()}>
                  {t('disconnect')}
                </Button>
              </div>
            </>
          ) : (
            data && (
              <Typography variant="body2" data-testid="ozon-status">
                {t('not_connected')}
              </Typography>
            )
          )}
          <TextField
            label={t('client_id')}
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'ozon-client-id', inputMode: 'numeric' } }}
          />
          <TextField
            type="password"
            autoComplete="off"
            label={t('api_key')}
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'ozon-api-key' } }}
          />
          <div>
            <Button
              variant="contained"
              data-testid="ozon-connect"
              disabled={connect.isPending || !clientId.trim() || !apiKey}
              onClick={() => connect.mutate()}
            >
              {data?.connected ? t('reconnect') : t('connect')}
            </Button>
          </div>
        </Stack>
      </CardContent>
    </Card>
  );
}
