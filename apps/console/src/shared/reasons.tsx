import type { ReasonKind, ReasonView } from '@aftersale/contracts';
import { MenuItem, TextField } from '@mui/material';
import { useGetList, useGetOne, useLocaleState, useTranslate } from 'react-admin';

export function reasonLabel(reason: ReasonView | undefined, locale: string): string {
  if (!reason) return '';
  return reason.labels[locale as keyof ReasonView['labels']] ?? reason.label;
}

export function useReasons(kind: ReasonKind) {
  return useGetList<ReasonView>('reasons', {
    filter: { kind },
    sort: { field: 'position', order: 'ASC' },
    pagination: { page: 1, perPage: 100 },
  });
}

/** A reason's label in the user's language. */
export function ReasonText({ id }: { id: string | null | undefined }) {
  const [locale] = useLocaleState();
  const { data } = useGetOne<ReasonView>('reasons', { id: id ?? '' }, { enabled: !!id, staleTime: 3_600_000 });
  return <span>{id ? reasonLabel(data, locale) || '…' : '—'}</span>;
}

export function ReasonSelect(props: {
  kind: ReasonKind;
  value: string;
  onChange: (reason: ReasonView | undefined) => void;
  autoFocus?: boolean;
}) {
  const { data = [] } = useReasons(props.kind);
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return (
    <TextField
      select
      fullWidth
      required
      autoFocus={props.autoFocus}
      margin="dense"
      label={translate('aftersale.common.reason')}
      value={data.some((r) => r.id === props.value) ? props.value : ''}
      onChange={(e) => props.onChange(data.find((r) => r.id === e.target.value))}
      slotProps={{ htmlInput: { 'data-testid': 'reason-select' } }}
    >
      {data.map((reason) => (
        <MenuItem key={reason.id} value={reason.id}>
          {reasonLabel(reason, locale)}
        </MenuItem>
      ))}
    </TextField>
  );
}
