import { ORDER_STATUSES } from '@aftersale/contracts';
import type { OrderView } from '@aftersale/contracts';
import { Datagrid, List, SelectInput, SimpleList, TextField, TextInput } from 'react-admin';
import { DateField } from '../shared/dates';
import { MoneyField } from '../shared/MoneyField';
import { StateChip, stateChoices } from '../shared/StateChip';
import { useSmallScreen } from '../shared/useSmallScreen';

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={stateChoices('order', ORDER_STATUSES)} alwaysOn />,
];

export default function OrderList() {
  const small = useSmallScreen();
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} filters={filters} perPage={25}>
      {small ? (
        <SimpleList<OrderView>
          rowClick="show"
          primaryText={(order) => order.postingNumber}
          secondaryText={(order) => order.buyer?.name ?? ''}
          tertiaryText={() => <StateChip source="status" namespace="order" />}
          data-testid="simple-list"
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="postingNumber" />
          <StateChip source="status" namespace="order" />
          <TextField source="buyer.name" sortable={false} />
          <MoneyField source="paid" sortable={false} />
          <MoneyField source="refunded" sortable={false} />
          <DateField source="createdAt" showTime />
        </Datagrid>
      )}
    </List>
  );
}
