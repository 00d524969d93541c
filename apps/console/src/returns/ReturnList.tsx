import { RETURN_TYPES, type ReturnView } from '@aftersale/contracts';
import { Datagrid, DateTimeInput, FunctionField, List, SelectInput, TextField, TextInput } from 'react-admin';
import { DateField } from '../shared/dates';
import { CaseSimpleList } from '../shared/CaseSimpleList';
import { Countdown } from '../shared/Countdown';
import { MoneyField } from '../shared/MoneyField';
import { ReasonText } from '../shared/reasons';
import { StateChip, TranslatedField, stateChoices } from '../shared/StateChip';
import { StateTabs, type TabSpec } from '../shared/StateTabs';
import { useSmallScreen } from '../shared/useSmallScreen';

export const RETURN_TABS: TabSpec[] = [
  { id: 'to_decide', states: ['requested', 'compensation_offered'], sort: { field: 'nextDeadlineAt', order: 'ASC' } },
  { id: 'on_the_way', states: ['approved', 'in_transit'], sort: { field: 'updatedAt', order: 'DESC' } },
  { id: 'to_inspect', states: ['received'], sort: { field: 'updatedAt', order: 'ASC' } },
  { id: 'to_refund', states: ['inspected'], sort: { field: 'updatedAt', order: 'ASC' } },
  {
    id: 'disputed',
    states: ['arbitration', 'rejected', 'return_rejected'],
    sort: { field: 'updatedAt', order: 'DESC' },
  },
  {
    id: 'closed',
    states: ['refunded', 'partially_refunded', 'compensated', 'closed'],
    sort: { field: 'updatedAt', order: 'DESC' },
  },
];

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="type" source="type" choices={stateChoices('return_type', RETURN_TYPES)} />,
  // the case's next deadline (in `requested`, its decision deadline): the dashboard's due and overdue cards
  <DateTimeInput key="deadlineAfter" source="deadlineAfter" />,
  <DateTimeInput key="deadlineBefore" source="deadlineBefore" />,
];

export default function ReturnList() {
  const small = useSmallScreen();
  return (
    <List
      filterDefaultValues={{ state: RETURN_TABS[0].states }}
      sort={RETURN_TABS[0].sort}
      filters={filters}
      perPage={25}
    >
      <StateTabs tabs={RETURN_TABS} labelPrefix="resources.returns.tabs" />
      {small ? (
        <CaseSimpleList<ReturnView>
          namespace="return"
          deadline={(r) => (r.state === 'requested' ? r.decisionDeadlineAt : null)}
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="postingNumber" />
          <TranslatedField source="type" namespace="return_type" />
          <FunctionField
            source="reasonId"
            sortable={false}
            render={(r: ReturnView) => <ReasonText id={r.reasonId} />}
          />
          <StateChip source="state" namespace="return" />
          <FunctionField
            source="decisionDeadlineAt"
            sortBy="nextDeadlineAt"
            render={(r: ReturnView) => (r.state === 'requested' ? <Countdown deadline={r.decisionDeadlineAt} /> : '')}
          />
          <MoneyField source="linesAmount" sortable={false} />
          <DateField source="createdAt" showTime />
        </Datagrid>
      )}
    </List>
  );
}
