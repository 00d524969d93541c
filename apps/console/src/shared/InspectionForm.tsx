import { useEffect, useRef, useState } from 'react';
import { Box, Button, IconButton, Stack, TextField, Tooltip, Typography } from '@mui/material';
import AddAPhotoIcon from '@mui/icons-material/AddAPhoto';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import { INSPECTION_OUTCOMES, type InspectionOutcome, type ReturnView } from '@aftersale/contracts';
import { useDataProvider, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { EvidenceGallery } from './EvidenceGallery';
import { useCommand, useNotifyProblem } from './useCommand';

/** One outcome for some of a returned line's units: a line whose units fared differently is split into parts. */
interface Part {
  key: number;
  quantity: number;
  outcome: InspectionOutcome;
  note: string;
  /** photos of these units, uploaded */
  photos: string[];
}

/**
 * The per-line inspection of a received return (docs/rules.md "The return case's state machine"): for each returned
 * line its condition, a note and photos; a line whose units fared differently (one intact, one damaged) is split into
 * parts, each with its quantity, outcome and photos (the photos go with those units), whose quantities add up to the
 * units that came back — the button stays disabled until they do. Native selects and plain buttons keep it usable
 * with the keyboard alone (Tab, arrow keys or the first letter, Enter).
 */
export function InspectionForm({ record, onDone }: { record: ReturnView; onDone?: () => void }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`aftersale.inspection.${key}`, options);
  const { run, isPending } = useCommand();
  const draftKey = `aftersale.inspection-draft.${record.id}`;
  const [parts, setParts] = useState<Part[][]>(
    () =>
      savedDraft(draftKey, record) ??
      record.lines.map((line, index) => [
        { key: index, quantity: line.quantity, outcome: 'intact', note: '', photos: [] },
      ]),
  );
  const nextKey = useRef(Math.max(record.lines.length, ...parts.flat().map((p) => p.key + 1)));
  // kept for the tab's session: a change of language re-mounts the whole app (react-admin's I18nContextProvider),
  // and a reload starts it again; either would otherwise lose a half-done inspection
  useEffect(() => sessionStorage.setItem(draftKey, JSON.stringify(parts)), [draftKey, parts]);
  const update = (line: number, part: number, change: Partial<Part>) =>
    setParts((all) => all.map((ps, l) => (l === line ? ps.map((p, i) => (i === part ? { ...p, ...change } : p)) : ps)));
  /** photos uploaded for a part, found by its key: parts may have been split or removed while they uploaded */
  const addPhotos = (key: number, ids: string[]) =>
    setParts((all) => all.map((ps) => ps.map((p) => (p.key === key ? { ...p, photos: [...p.photos, ...ids] } : p))));
  /** one unit of the part becomes a part of its own, with the same outcome to change */
  const split = (line: number, part: number) =>
    setParts((all) =>
      all.map((ps, l) =>
        l !== line
          ? ps
          : [
              ...ps.slice(0, part),
              { ...ps[part], quantity: ps[part].quantity - 1 },
              { key: nextKey.current++, quantity: 1, outcome: ps[part].outcome, note: '', photos: [] },
              ...ps.slice(part + 1),
            ],
      ),
    );
  /** a part removed gives its units, and its photos, back to the line's first part */
  const remove = (line: number, part: number) =>
    setParts((all) =>
      all.map((ps, l) =>
        l !== line
          ? ps
          : ps
              .filter((_, i) => i !== part)
              .map((p, i) =>
                i === 0
                  ? {
                      ...p,
                      quantity: p.quantity + Math.max(0, ps[part].quantity),
                      photos: [...p.photos, ...ps[part].photos],
                    }
                  : p,
              ),
      ),
    );
  const counted = (line: number) =>
    parts[line].reduce((sum, p) => sum + (Number.isInteger(p.quantity) ? p.quantity : 0), 0);
  const valid = record.lines.every(
    (line, l) => counted(l) === line.quantity && parts[l].every((p) => Number.isInteger(p.quantity) && p.quantity >= 1),
  );
  const submit = () => {
    if (!valid) return;
    const lines = record.lines.flatMap((line, l) =>
      parts[l].map((p) => ({
        sku: line.sku,
        quantity: p.quantity,
        outcome: p.outcome,
        ...(p.note.trim() ? { note: p.note.trim() } : {}),
        ...(p.photos.length ? { attachmentIds: p.photos } : {}),
      })),
    );
    run(
      {
        path: `returns/${record.id}/inspect`,
        body: { lines },
        success: 'resources.returns.actions.inspected',
      },
      {
        onSuccess: () => {
          sessionStorage.removeItem(draftKey);
          onDone?.();
        },
      },
    );
  };
  return (
    <Stack
      spacing={1.5}
      component="form"
      data-testid="inspection-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Typography variant="h6">{t('title')}</Typography>
      {record.lines.map((line, l) => (
        <Box key={line.sku} data-testid={`inspection-line-${line.sku}`}>
          {parts[l].map((part, p) => (
            <Box
              key={part.key}
              sx={{
                display: 'grid',
                gap: 1,
                alignItems: 'center',
                // the parts of a line in columns under each other; stacked on a phone
                gridTemplateColumns: { xs: '1fr', sm: '100px 76px minmax(200px, 1fr) minmax(140px, 1fr) auto' },
                mb: 1,
              }}
            >
              <Typography>{p === 0 ? `${line.sku} × ${line.quantity}` : ''}</Typography>
              {line.quantity > 1 ? (
                <TextField
                  size="small"
                  type="number"
                  label={t('quantity')}
                  value={Number.isNaN(part.quantity) ? '' : part.quantity}
                  onChange={(e) => update(l, p, { quantity: e.target.value === '' ? NaN : Number(e.target.value) })}
                  slotProps={{ htmlInput: { min: 1, max: line.quantity, 'data-testid': `quantity-${line.sku}-${p}` } }}
                />
              ) : (
                <span />
              )}
              <TextField
                select
                size="small"
                label={translate('aftersale.inspection.outcome')}
                value={part.outcome}
                onChange={(e) => update(l, p, { outcome: e.target.value as InspectionOutcome })}
                slotProps={{
                  select: { native: true },
                  htmlInput: { 'data-testid': p === 0 ? `outcome-${line.sku}` : `outcome-${line.sku}-${p}` },
                }}
              >
                {INSPECTION_OUTCOMES.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {translate(`states.inspection.${outcome}`)}
                  </option>
                ))}
              </TextField>
              <TextField
                size="small"
                label={translate('aftersale.common.note')}
                value={part.note}
                onChange={(e) => update(l, p, { note: e.target.value })}
              />
              <Stack direction="row">
                {part.quantity > 1 && (
                  <Tooltip title={t('split')}>
                    <IconButton
                      aria-label={t('split')}
                      onClick={() => split(l, p)}
                      data-testid={`split-${line.sku}-${p}`}
                    >
                      <CallSplitIcon />
                    </IconButton>
                  </Tooltip>
                )}
                {p > 0 && (
                  <Tooltip title={t('remove_part')}>
                    <IconButton aria-label={t('remove_part')} onClick={() => remove(l, p)}>
                      <RemoveCircleOutlineIcon />
                    </IconButton>
                  </Tooltip>
                )}
                <PartPhotos
                  testId={p === 0 ? `line-photo-input-${line.sku}` : `line-photo-input-${line.sku}-${p}`}
                  onAdded={(ids) => addPhotos(part.key, ids)}
                />
              </Stack>
              {part.photos.length > 0 && (
                <Box sx={{ gridColumn: { sm: '2 / -1' } }} data-testid={`part-photos-${line.sku}-${p}`}>
                  <EvidenceGallery ids={part.photos} size={48} />
                </Box>
              )}
            </Box>
          ))}
          {counted(l) !== line.quantity && (
            <Typography variant="caption" color="error" data-testid={`quantities-${line.sku}`}>
              {t('quantities_mismatch', { counted: counted(l), returned: line.quantity })}
            </Typography>
          )}
        </Box>
      ))}
      <div>
        <Button type="submit" variant="contained" disabled={isPending || !valid} data-testid="inspection-submit">
          {t('save')}
        </Button>
      </div>
    </Stack>
  );
}

/**
 * The parts a half-done inspection of this return left in the tab's session, if they still fit its lines (one list
 * of parts a line, in the lines' order); an emptied quantity, stored as null, is empty again.
 */
function savedDraft(key: string, record: ReturnView): Part[][] | undefined {
  try {
    const draft: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    if (!Array.isArray(draft) || draft.length !== record.lines.length) return undefined;
    const fits = draft.every(
      (ps: unknown) =>
        Array.isArray(ps) &&
        ps.length > 0 &&
        ps.every(
          (p: Partial<Part> | null) =>
            typeof p?.key === 'number' &&
            INSPECTION_OUTCOMES.includes(p.outcome as InspectionOutcome) &&
            typeof p.note === 'string' &&
            Array.isArray(p.photos),
        ),
    );
    return fits
      ? (draft as Part[][]).map((ps) => ps.map((p) => ({ ...p, quantity: p.quantity ?? Number.NaN })))
      : undefined;
  } catch {
    return undefined;
  }
}

/** Photos of a part's units, taken with the device's camera where it has one, uploaded at once. */
function PartPhotos({ testId, onAdded }: { testId: string; onAdded: (ids: string[]) => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const notifyProblem = useNotifyProblem();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const upload = async (files: File[]) => {
    setUploading(true);
    try {
      const ids: string[] = [];
      for (const file of files) ids.push((await dataProvider.upload(file)).data.id);
      onAdded(ids);
    } catch (error) {
      notifyProblem(error);
    } finally {
      setUploading(false);
    }
  };
  const label = translate('aftersale.inspection.photo');
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid={testId}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) void upload(files);
        }}
      />
      <Tooltip title={label}>
        <span>
          <IconButton aria-label={label} disabled={uploading} onClick={() => input.current?.click()}>
            <AddAPhotoIcon />
          </IconButton>
        </span>
      </Tooltip>
    </>
  );
}
