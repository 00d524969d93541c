import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import type { UserRecord } from '@aftersale/contracts';
import {
  BooleanInput,
  Edit,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  required,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useCommand } from '../shared/useCommand';
import { roleChoices } from './roles';

function ResetPasswordButton() {
  const user = useRecordContext<UserRecord>();
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  if (!user) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>{translate('aftersale.team.reset_password')}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>{translate('aftersale.team.reset_password')}</DialogTitle>
        <DialogContent>
          <TextField
            fullWidth
            autoFocus
            type="password"
            margin="dense"
            label={translate('aftersale.team.new_password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button
            variant="contained"
            disabled={password.length < 12 || isPending}
            onClick={() =>
              run(
                {
                  path: `users/${user.id}/reset-password`,
                  body: { password },
                  success: 'aftersale.team.password_reset',
                },
                {
                  onSuccess: () => {
                    setPassword('');
                    setOpen(false);
                  },
                },
              )
            }
          >
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

function EditToolbar() {
  return (
    <Toolbar>
      <SaveButton />
      <span style={{ flex: 1 }} />
      <ResetPasswordButton />
    </Toolbar>
  );
}

export default function UserEdit() {
  return (
    <Edit
      mutationMode="pessimistic"
      redirect="list"
      transform={(data: UserRecord & { disabled?: boolean }) => ({
        name: data.name,
        role: data.role,
        disabled: !!data.disabled,
      })}
      queryOptions={{ select: (u: UserRecord) => ({ ...u, disabled: !!u.disabledAt }) }}
    >
      <SimpleForm toolbar={<EditToolbar />}>
        <TextInput source="email" disabled />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={roleChoices} validate={required()} />
        <BooleanInput source="disabled" />
      </SimpleForm>
    </Edit>
  );
}
