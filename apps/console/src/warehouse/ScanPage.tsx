import { useEffect, useRef, useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import type { ParcelCondition, ParcelView, ReceiveParcelResponse, ReturnView } from '@aftersale/contracts';
import { Title, useDataProvider, useGetList, useGetOne, useNotify, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { useFormatDate } from '../shared/dates';
import { InspectionForm } from '../shared/InspectionForm';
import { ShortcutsHelp } from '../shared/ShortcutsHelp';
import { useNotifyProblem } from '../shared/useCommand';
import { beep } from './sound';

const CONDITION_KEYS: Record<string, ParcelCondition> = { '1': 'intact', '2': 'opened', '3': 'damaged_packaging' };

type Command = ParcelCondition | 'photo' | 'inspect';
/**
 * What a lone character typed into the empty scan field and Enter does to the parcel just shown. A barcode never is
 * one character, so a scanner's next code (its digits and Enter, without pause) is always a code and never a command.
 * The letters also as a Russian keyboard layout types them (P is "з", I is "ш").
 */
const COMMANDS: Record<string, Command> = {
  ...CONDITION_KEYS,
  p: 'photo',
  з: 'photo',
  i: 'inspect',
  ш: 'inspect',
};

/** The `?` list (ShortcutsHelp): the key column is what is typed, the label a message key. */
const SHORTCUTS: [string, string][] = [
  ['Enter', 'aftersale.scan.keys.receive'],
  ['1 Enter', 'aftersale.scan.keys.intact'],
  ['2 Enter', 'aftersale.scan.keys.opened'],
  ['3 Enter', 'aftersale.scan.keys.damaged_packaging'],
  ['P Enter', 'aftersale.scan.keys.photo'],
  ['I Enter', 'aftersale.scan.keys.inspect'],
  ['Esc', 'aftersale.scan.keys.clear'],
  ['?', 'aftersale.shortcuts.show_help'],
];

type Outcome = 'matched' | 'already' | 'unmatched';
const COLOURS: Record<Outcome, string> = { matched: '#c8e6c9', already: '#e0e0e0', unmatched: '#ffe0b2' };

function outcomeOf(result: ReceiveParcelResponse): Outcome {
  if (result.alreadyReceived) return 'already';
  return result.returnId ? 'matched' : 'unmatched';
}

/**
 * The warehouse's start page, usable with a barcode scanner and the keyboard alone. The scan field keeps the focus
 * (docs/console.md "Keyboard"), so a scanner's next code always lands in it: Enter
 * receives the parcel (intact unless changed); `1`/`2`/`3` (condition), `P` (photo) or `I` (inspection) typed alone
 * and Enter apply to the parcel just shown; Esc clears the field; `?` in the empty field lists the keys. Scans and
 * commands run one after another in the order typed, so a condition typed while a scan is still being received
 * applies to that scan's parcel.
 */
export default function ScanPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyProblem = useNotifyProblem();
  const formatDate = useFormatDate();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const [code, setCode] = useState('');
  const [help, setHelp] = useState(false);
  const [result, setResult] = useState<ReceiveParcelResponse | null>(null);
  const [condition, setCondition] = useState<ParcelCondition>('intact');
  const [photos, setPhotos] = useState<string[]>([]);
  /** the parcel shown and its photos, as the queued commands read them when their turn comes */
  const shown = useRef<{ id: string; condition: ParcelCondition; photos: string[] } | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const scanInput = useRef<HTMLInputElement>(null);
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
  const backToScan = () => scanInput.current?.focus();
  /** one after another: a result never arrives after a later scan's, a command never overtakes its scan */
  const enqueue = (task: () => Promise<unknown>) => {
    queue.current = queue.current.then(task).catch(() => undefined);
  };
  const show = (parcel: ParcelView) => {
    shown.current = { id: parcel.id, condition: parcel.condition, photos: parcel.attachmentIds };
    setCondition(parcel.condition);
    setPhotos(parcel.attachmentIds);
  };

  const receive = useMutation({
    mutationFn: (scanned: string) => dataProvider.command<ReceiveParcelResponse>('parcels/receive', { code: scanned }),
    onSuccess: ({ data }) => {
      setResult(data);
      show(data.parcel);
      beep(outcomeOf(data) === 'matched');
      refetchToday();
    },
    onError: (error) => {
      beep(false);
      notifyProblem(error);
    },
  });
  const saveCondition = useMutation({
    mutationFn: (body: { id: string; condition: ParcelCondition; attachmentIds: string[] }) =>
      dataProvider.command<ParcelView>(`parcels/${body.id}/condition`, {
        condition: body.condition,
        attachmentIds: body.attachmentIds,
      }),
    onSuccess: ({ data }) => {
      if (shown.current?.id === data.id) show(data);
      notify('aftersale.scan.condition_saved', { type: 'success' });
      refetchToday();
    },
    onError: notifyProblem,
    // back from a clicked button; not out of the inspection form the person went on to
    onSettled: () => {
      if (!inspection.current?.contains(document.activeElement)) backToScan();
    },
  });
  /** the condition of the parcel shown when the command's turn comes, its photos kept */
  const applyCondition = (value: ParcelCondition) =>
    enqueue(async () => {
      if (!shown.current) return notify('aftersale.scan.scan_first', { type: 'warning' });
      return saveCondition.mutateAsync({ id: shown.current.id, condition: value, attachmentIds: shown.current.photos });
    });
  const addPhotos = async (files: File[]) => {
    try {
      const ids: string[] = [];
      for (const file of files) ids.push((await dataProvider.upload(file)).data.id);
      enqueue(async () => {
        const parcel = shown.current;
        if (!parcel) return notify('aftersale.scan.scan_first', { type: 'warning' });
        return saveCondition.mutateAsync({
          id: parcel.id,
          condition: parcel.condition,
          attachmentIds: [...parcel.photos, ...ids],
        });
      });
    } catch (error) {
      notifyProblem(error);
      backToScan();
    }
  };
  const run = (command: Command) => {
    if (command === 'photo' || command === 'inspect') {
      // at once, in the key's own event: a browser opens a file chooser only right after a person's action
      if (!result && !receive.isPending) return notify('aftersale.scan.scan_first', { type: 'warning' });
      if (command === 'photo') return photoInput.current?.click();
      const select = inspection.current?.querySelector<HTMLElement>('select');
      if (select) return select.focus();
      return notify('aftersale.scan.no_inspection', { type: 'info' });
    }
    applyCondition(command);
  };
  const submit = () => {
    const typed = code.trim();
    // emptied at once: a scanner may already be typing the next code
    setCode('');
    if (!typed) return;
    const command = COMMANDS[typed.toLowerCase()];
    if (command) run(command);
    else enqueue(() => receive.mutateAsync(typed));
  };
  const onScanKey = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') setCode('');
    else if (event.key === '?' && code === '') setHelp(true);
    else return;
    event.preventDefault();
  };

  return (
    <Stack spacing={2} sx={{ mt: 2, maxWidth: 960 }}>
      <Title title={translate('aftersale.scan.title')} />
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} keys={SHORTCUTS} />
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
          else backToScan();
        }}
      />
      <Card>
        <CardContent>
          <Box
            component="form"
            onSubmit={(e: React.FormEvent) => {
              e.preventDefault();
              submit();
            }}
          >
            <TextField
              inputRef={scanInput}
              fullWidth
              autoComplete="off"
              label={translate('aftersale.scan.label')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              onKeyDown={onScanKey}
              helperText={translate('aftersale.scan.keys_hint')}
              slotProps={{ htmlInput: { 'data-testid': 'scan-input', style: { fontSize: 28, padding: '16px 14px' } } }}
            />
          </Box>
        </CardContent>
      </Card>
      {result && outcome && (
        <Card data-testid="scan-result" data-outcome={outcome} sx={{ bgcolor: COLOURS[outcome] }}>
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
                  onClick={() => applyCondition(value)}
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
            </Stack>
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
