import { useEffect, useRef, useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import type { ParcelCondition, ParcelView, ReceiveParcelResponse, ReturnView } from '@aftersale/contracts';
import { Title, useDataProvider, useGetList, useGetOne, useNotify, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { useFormatDate } from '../shared/dates';
import { InspectionForm } from '../shared/InspectionForm';
import { useNotifyProblem } from '../shared/useCommand';
import { beep } from './sound';

const CONDITION_KEYS: Record<string, ParcelCondition> = { '1': 'intact', '2': 'opened', '3': 'damaged_packaging' };

type Outcome = 'matched' | 'already' | 'unmatched';
const COLOURS: Record<Outcome, string> = { matched: '#c8e6c9', already: '#e0e0e0', unmatched: '#ffe0b2' };

function outcomeOf(result: ReceiveParcelResponse): Outcome {
  if (result.alreadyReceived) return 'already';
  return result.returnId ? 'matched' : 'unmatched';
}

/**
 * The warehouse's start page, usable with a barcode scanner and the keyboard alone: the scan field has the
 * focus; Enter receives the parcel (intact unless changed); the result panel takes the keys 1/2/3 (condition),
 * P (photo), I (inspection), Enter or Escape (next parcel), and the focus comes back to the scan field.
 */
export default function ScanPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyProblem = useNotifyProblem();
  const formatDate = useFormatDate();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const [code, setCode] = useState('');
  const [result, setResult] = useState<ReceiveParcelResponse | null>(null);
  const [condition, setCondition] = useState<ParcelCondition>('intact');
  const [photos, setPhotos] = useState<string[]>([]);
  const scanInput = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const inspection = useRef<HTMLDivElement>(null);
  const outcome = result ? outcomeOf(result) : null;
  const { data: matchedReturn, refetch: refetchReturn } = useGetOne<ReturnView>(
    'returns',
    { id: result?.returnId ?? '' },
    { enabled: !!result?.returnId },
  );
  const { data: recent = [], refetch: refetchToday } = useGetList<ParcelView>('parcels', {
    sort: { field: 'receivedAt', order: 'DESC' },
    pagination: { page: 1, perPage: 50 },
  });
  const today = new Date().toDateString();
  const todays = recent.filter((p) => new Date(p.receivedAt).toDateString() === today);

  useEffect(() => scanInput.current?.focus(), []);
  const backToScan = () => {
    setCode('');
    scanInput.current?.focus();
  };

  const receive = useMutation({
    mutationFn: (scanned: string) => dataProvider.command<ReceiveParcelResponse>('parcels/receive', { code: scanned }),
    onSuccess: ({ data }) => {
      setResult(data);
      setCondition(data.parcel.condition);
      setPhotos(data.parcel.attachmentIds);
      beep(outcomeOf(data) === 'matched');
      refetchToday();
      setTimeout(() => panel.current?.focus());
    },
    onError: (error) => {
      beep(false);
      notifyProblem(error);
      backToScan();
    },
  });
  const saveCondition = useMutation({
    mutationFn: (body: { condition: ParcelCondition; attachmentIds: string[] }) =>
      dataProvider.command<ParcelView>(`parcels/${result!.parcel.id}/condition`, body),
    onSuccess: ({ data }) => {
      setCondition(data.condition);
      setPhotos(data.attachmentIds);
      notify('aftersale.scan.condition_saved', { type: 'success' });
      refetchToday();
      panel.current?.focus();
    },
    onError: notifyProblem,
  });
  const addPhotos = async (files: File[]) => {
    try {
      const ids: string[] = [];
      for (const file of files) ids.push((await dataProvider.upload(file)).data.id);
      saveCondition.mutate({ condition, attachmentIds: [...photos, ...ids] });
    } catch (error) {
      notifyProblem(error);
    }
  };
  const onPanelKey = (event: React.KeyboardEvent) => {
    if (event.target !== panel.current || !result) return;
    const key = event.key.toLowerCase();
    if (CONDITION_KEYS[key]) saveCondition.mutate({ condition: CONDITION_KEYS[key], attachmentIds: photos });
    else if (key === 'p') photoInput.current?.click();
    else if (key === 'i') inspection.current?.querySelector<HTMLElement>('select')?.focus();
    else if (key === 'enter' || key === 'escape') backToScan();
    else return;
    event.preventDefault();
  };

  return (
    <Stack spacing={2} sx={{ mt: 2, maxWidth: 960 }}>
      <Title title={translate('aftersale.scan.title')} />
      <Card>
        <CardContent>
          <Box
            component="form"
            onSubmit={(e: React.FormEvent) => {
              e.preventDefault();
              if (code.trim()) receive.mutate(code.trim());
            }}
          >
            <TextField
              inputRef={scanInput}
              fullWidth
              autoComplete="off"
              label={translate('aftersale.scan.label')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              disabled={receive.isPending}
              slotProps={{ htmlInput: { 'data-testid': 'scan-input', style: { fontSize: 28, padding: '16px 14px' } } }}
            />
          </Box>
        </CardContent>
      </Card>
      {result && outcome && (
        <Card
          ref={panel}
          tabIndex={0}
          onKeyDown={onPanelKey}
          data-testid="scan-result"
          data-outcome={outcome}
          sx={{ bgcolor: COLOURS[outcome], outline: 'none', '&:focus': { boxShadow: 6 } }}
        >
          <CardContent>
            <Typography variant="h4" sx={{ fontWeight: 600 }}>
              {outcome === 'matched'
                ? translate('aftersale.scan.matched', { posting: matchedReturn?.postingNumber ?? result.parcel.code })
                : translate(outcome === 'already' ? 'aftersale.scan.already' : 'aftersale.scan.unmatched')}
            </Typography>
            <Typography variant="h6" color="text.secondary">
              {result.parcel.code}
            </Typography>
            {outcome === 'matched' && matchedReturn && (
              <Box sx={{ mt: 1 }}>
                <Typography variant="subtitle1">{translate('aftersale.scan.expected')}</Typography>
                {matchedReturn.lines.map((line) => (
                  <Typography key={line.sku} sx={{ fontSize: 20 }}>
                    {line.sku} × {line.quantity}
                  </Typography>
                ))}
              </Box>
            )}
            <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: 'wrap', alignItems: 'center' }}>
              <Typography>{translate('aftersale.scan.condition')}:</Typography>
              {Object.entries(CONDITION_KEYS).map(([key, value]) => (
                <Button
                  key={value}
                  size="large"
                  tabIndex={-1}
                  variant={condition === value ? 'contained' : 'outlined'}
                  onClick={() => saveCondition.mutate({ condition: value, attachmentIds: photos })}
                  data-testid={`condition-${value}`}
                >
                  {key} · {translate(`states.parcel_condition.${value}`)}
                </Button>
              ))}
              <Button size="large" tabIndex={-1} variant="outlined" onClick={() => photoInput.current?.click()}>
                P · {translate('aftersale.common.add_photo')}
              </Button>
              {photos.length > 0 && (
                <Chip
                  label={translate('aftersale.scan.photos', { smart_count: photos.length })}
                  data-testid="photo-count"
                />
              )}
              <input
                ref={photoInput}
                type="file"
                accept="image/*"
                capture="environment"
                hidden
                data-testid="photo-input"
                onChange={(e) => {
                  const files = Array.from(e.target.files ?? []);
                  e.target.value = '';
                  if (files.length) void addPhotos(files);
                }}
              />
            </Stack>
            <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
              {translate('aftersale.scan.keys_hint')}
            </Typography>
          </CardContent>
        </Card>
      )}
      {outcome === 'matched' && matchedReturn?.state === 'received' && (
        <Card ref={inspection}>
          <CardContent>
            <InspectionForm
              key={matchedReturn.id}
              record={matchedReturn}
              onDone={() => {
                refetchReturn();
                backToScan();
              }}
            />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardContent>
          <Typography variant="h6">{translate('aftersale.scan.today')}</Typography>
          {todays.length === 0 && (
            <Typography color="text.secondary">{translate('aftersale.scan.none_today')}</Typography>
          )}
          <Stack spacing={0.5} data-testid="todays-scans">
            {todays.map((p) => (
              <Stack key={p.id} direction="row" spacing={2}>
                <Typography sx={{ minWidth: 150 }}>{formatDate(p.receivedAt)}</Typography>
                <Typography sx={{ minWidth: 200, fontFamily: 'monospace' }}>{p.code}</Typography>
                <Typography>{translate(`states.parcel_condition.${p.condition}`)}</Typography>
                <Typography color={p.returnId ? 'success.main' : 'warning.dark'}>
                  {p.returnId ? '✓' : translate('aftersale.scan.unmatched')}
                </Typography>
              </Stack>
            ))}
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  );
}
