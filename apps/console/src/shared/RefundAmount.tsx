import { useState } from 'react';
import { Alert, Stack, TextField, Typography } from '@mui/material';
import type { Money } from '@aftersale/contracts';
import { useTranslate } from 'react-admin';
import { useFormatMoney } from './MoneyField';
import { parseMoneyInput, toDecimalString } from './money';

export interface RefundAmountValue {
  /** minor units, or null while what was typed is not an amount */
  amount: number | null;
  valid: boolean;
}

/**
 * The amount to refund: starts at what the rules suggest and may be lowered, never raised past it
 * (docs/console.md "Returns"). Integer minor units throughout.
 */
export function RefundAmount(props: {
  suggested: Money;
  breakdown?: { lines: Money; shipping: Money };
  onChange: (value: RefundAmountValue) => void;
}) {
  const translate = useTranslate();
  const format = useFormatMoney();
  const { suggested } = props;
  const [text, setText] = useState(() => toDecimalString(suggested.amount, suggested.currency));
  const amount = parseMoneyInput(text, suggested.currency);
  const tooHigh = amount !== null && amount > suggested.amount;
  const error =
    amount === null
      ? translate('resources.returns.actions.refund_invalid')
      : tooHigh
        ? translate('resources.returns.actions.refund_too_high', { amount: format(suggested) })
        : '';
  return (
    <Stack spacing={1} data-testid="refund-amount">
      <Typography>{translate('resources.returns.actions.refund_suggested', { amount: format(suggested) })}</Typography>
      {props.breakdown && (
        <Typography variant="body2" color="text.secondary">
          {translate('resources.returns.actions.refund_breakdown', {
            lines: format(props.breakdown.lines),
            shipping: format(props.breakdown.shipping),
          })}
        </Typography>
      )}
      <TextField
        label={`${translate('aftersale.common.amount')} (${suggested.currency})`}
        value={text}
        error={!!error}
        helperText={error || ' '}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const parsed = parseMoneyInput(next, suggested.currency);
          props.onChange({ amount: parsed, valid: parsed !== null && parsed > 0 && parsed <= suggested.amount });
        }}
        slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'refund-amount-input' } }}
      />
      {amount !== null && !tooHigh && amount < suggested.amount && (
        <Alert severity="info">{translate('resources.returns.actions.refund_partial')}</Alert>
      )}
    </Stack>
  );
}

/** A plain money input (compensation, fees): text in, minor units out. */
export function MoneyInputField(props: {
  label: string;
  currency: string;
  initial?: number;
  onChange: (amount: number | null) => void;
  max?: number;
}) {
  const translate = useTranslate();
  const [text, setText] = useState(() =>
    props.initial === undefined ? '' : toDecimalString(props.initial, props.currency),
  );
  const amount = parseMoneyInput(text, props.currency);
  const invalid = text !== '' && amount === null;
  return (
    <TextField
      fullWidth
      margin="dense"
      label={`${props.label} (${props.currency})`}
      value={text}
      error={invalid}
      helperText={invalid ? translate('resources.returns.actions.refund_invalid') : ' '}
      onChange={(e) => {
        setText(e.target.value);
        props.onChange(parseMoneyInput(e.target.value, props.currency));
      }}
      slotProps={{ htmlInput: { inputMode: 'decimal' } }}
    />
  );
}
