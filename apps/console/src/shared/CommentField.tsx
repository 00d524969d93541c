import { TextField } from '@mui/material';
import { useTranslate } from 'react-admin';

/**
 * The comment of a decision, a dispute, a closing or a voided refund: one field that looks and reads the same in every
 * dialog. `required` marks it (the dialog's button stays disabled until it has text); `helperText` says why.
 */
export function CommentField(props: {
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  helperText?: string;
  autoFocus?: boolean;
  testId?: string;
}) {
  const translate = useTranslate();
  return (
    <TextField
      fullWidth
      multiline
      minRows={2}
      margin="dense"
      required={props.required}
      autoFocus={props.autoFocus}
      label={translate('aftersale.common.comment')}
      helperText={props.helperText}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      slotProps={props.testId ? { htmlInput: { 'data-testid': props.testId } } : undefined}
    />
  );
}
