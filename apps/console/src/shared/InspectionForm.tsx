import { useState } from 'react';
import { Button, Stack, TextField, Typography } from '@mui/material';
import { INSPECTION_OUTCOMES, type InspectionOutcome, type ReturnView } from '@aftersale/contracts';
import { useTranslate } from 'react-admin';
import { useCommand } from './useCommand';

/**
 * The per-line inspection of a received return: an outcome and a note for each returned line. Native selects
 * keep it usable with the keyboard alone (Tab, arrow keys or the first letter, Enter on the button).
 */
export function InspectionForm({
  record,
  onDone,
  attachmentIds = [],
}: {
  record: ReturnView;
  onDone?: () => void;
  attachmentIds?: string[];
}) {
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const [lines, setLines] = useState(() =>
    record.lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      outcome: 'intact' as InspectionOutcome,
      note: '',
    })),
  );
  const update = (index: number, change: Partial<(typeof lines)[number]>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...change } : line)));
  const submit = () =>
    run(
      {
        path: `returns/${record.id}/inspect`,
        body: {
          lines: lines.map(({ note, ...line }) => (note.trim() ? { ...line, note: note.trim() } : line)),
          ...(attachmentIds.length ? { attachmentIds } : {}),
        },
        success: 'resources.returns.actions.inspected',
      },
      { onSuccess: () => onDone?.() },
    );
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
      <Typography variant="h6">{translate('aftersale.inspection.title')}</Typography>
      {lines.map((line, index) => (
        <Stack key={line.sku} direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
          <Typography sx={{ minWidth: 160 }}>
            {line.sku} × {line.quantity}
          </Typography>
          <TextField
            select
            size="small"
            label={translate('aftersale.inspection.outcome')}
            value={line.outcome}
            onChange={(e) => update(index, { outcome: e.target.value as InspectionOutcome })}
            slotProps={{ select: { native: true }, htmlInput: { 'data-testid': `outcome-${line.sku}` } }}
            sx={{ minWidth: 260 }}
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
            value={line.note}
            onChange={(e) => update(index, { note: e.target.value })}
            sx={{ flex: 1 }}
          />
        </Stack>
      ))}
      <div>
        <Button type="submit" variant="contained" disabled={isPending} data-testid="inspection-submit">
          {translate('aftersale.inspection.save')}
        </Button>
      </div>
    </Stack>
  );
}
