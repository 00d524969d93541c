import { ORDER_STATUSES } from '@aftersale/contracts';
import { Datagrid, DateField, List, SelectInput, TextField, TextInput } from 'react-admin';
import { MoneyField } from '../shared/MoneyField';
import { StateChip, stateChoices } from '../shared/StateChip';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={stateChoices('order', ORDER_STATUSES)} alwaysOn />,
];

export default function OrderList() {
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} filters={filters} perPage={25}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="postingNumber" />
        <StateChip source="status" namespace="order" />
        <TextField source="buyer.name" sortable={false} />
        <MoneyField source="paid" sortable={false} />
        <MoneyField source="refunded" sortable={false} />
        <DateField source="createdAt" showTime />
      </Datagrid>
    </List>
  );
}
