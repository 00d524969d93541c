import { Chip } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

type Colour = 'default' | 'primary' | 'secondary' | 'error' | 'info' | 'success' | 'warning';
const COLOURS: Record<string, Colour> = {
  awaiting_seller: 'warning',
  requested: 'warning',
  approved: 'success',
  auto_approved: 'info',
  rejected: 'error',
  return_rejected: 'error',
  failed: 'error',
  succeeded: 'success',
  refunded: 'success',
  partially_refunded: 'success',
  compensated: 'success',
  arbitration: 'secondary',
  compensation_offered: 'info',
  in_transit: 'info',
  received: 'primary',
  inspected: 'primary',
  cancelled: 'default',
};

/** A state as a translated chip: `states.<namespace>.<value>`. */
export function StateChip(props: FieldProps & { source: string; namespace: string }) {
  const value = useFieldValue(props) as string | undefined;
  const translate = useTranslate();
  if (!value) return null;
  return (
    <Chip
      size="small"
      label={translate(`states.${props.namespace}.${value}`, { _: value })}
      color={COLOURS[value] ?? 'default'}
      variant={COLOURS[value] ? 'filled' : 'outlined'}
    />
  );
}

export function TranslatedField(props: FieldProps & { source: string; namespace: string }) {
  const value = useFieldValue(props) as string | undefined;
  const translate = useTranslate();
  return <span>{value ? translate(`states.${props.namespace}.${value}`, { _: value }) : '—'}</span>;
}

/** Choices for a SelectInput of states, translated. */
export function stateChoices(namespace: string, values: readonly string[]) {
  return values.map((id) => ({ id, name: `states.${namespace}.${id}` }));
}
