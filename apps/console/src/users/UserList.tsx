import type { UserRecord } from '@aftersale/contracts';
import { Chip } from '@mui/material';
import { Datagrid, EmailField, FunctionField, List, SelectField, TextField, useTranslate } from 'react-admin';
import { DateField } from '../shared/dates';
import { roleChoices } from './roles';

export default function UserList() {
  const translate = useTranslate();
  return (
    <List sort={{ field: 'createdAt', order: 'ASC' }} perPage={50}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="name" />
        <EmailField source="email" />
        <SelectField source="role" choices={roleChoices} />
        <FunctionField
          source="disabledAt"
          render={(u: UserRecord) => (
            <Chip
              size="small"
              color={u.disabledAt ? 'default' : 'success'}
              label={translate(u.disabledAt ? 'aftersale.team.disabled' : 'aftersale.team.active')}
            />
          )}
        />
        <DateField source="createdAt" />
      </Datagrid>
    </List>
  );
}
