import { useEffect, useState } from 'react';
import { Box, Typography } from '@mui/material';
import { CANCELLATION_INITIATORS, type CancellationView, type Role } from '@aftersale/contracts';
import {
  Datagrid,
  DateTimeInput,
  FunctionField,
  List,
  ReferenceField,
  SelectInput,
  TextField,
  TextInput,
  useCreatePath,
  useListContext,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { DateField } from '../shared/dates';
import { useNavigate } from 'react-router-dom';
import { CaseSimpleList } from '../shared/CaseSimpleList';
import { Countdown } from '../shared/Countdown';
import { MoneyField } from '../shared/MoneyField';
import { ReasonText } from '../shared/reasons';
import { ShortcutsHelp, isTyping } from '../shared/ShortcutsHelp';
import { StateChip, TranslatedField, stateChoices } from '../shared/StateChip';
import { StateTabs, type TabSpec } from '../shared/StateTabs';
import { useSmallScreen } from '../shared/useSmallScreen';
import { BulkApproveCancellationsButton } from './BulkApproveCancellationsButton';
import { canDecide } from './CancellationActions';
import { ApproveCancellationDialog, RejectCancellationDialog } from './CancellationDialogs';

const TABS: TabSpec[] = [
  { id: 'waiting', states: ['awaiting_seller'], sort: { field: 'deadlineAt', order: 'ASC' } },
  { id: 'approved', states: ['approved', 'auto_approved'], sort: { field: 'decidedAt', order: 'DESC' } },
  { id: 'rejected', states: ['rejected'], sort: { field: 'decidedAt', order: 'DESC' } },
  { id: 'withdrawn', states: ['withdrawn', 'superseded'], sort: { field: 'createdAt', order: 'DESC' } },
  { id: 'all', sort: { field: 'createdAt', order: 'DESC' } },
];

const filters = [
  <TextInput key="q" source="q" alwaysOn />,
  <SelectInput key="initiator" source="initiator" choices={stateChoices('initiator', CANCELLATION_INITIATORS)} />,
  <DateTimeInput key="deadlineAfter" source="deadlineAfter" />,
  <DateTimeInput key="deadlineBefore" source="deadlineBefore" />,
];

const SHORTCUTS: [string, string][] = [
  ['j', 'aftersale.shortcuts.next'],
  ['k', 'aftersale.shortcuts.previous'],
  ['a', 'aftersale.shortcuts.approve'],
  ['r', 'aftersale.shortcuts.reject'],
  ['Enter', 'aftersale.shortcuts.open'],
  ['?', 'aftersale.shortcuts.show_help'],
];

/** The queue: j/k move, a approves, r rejects, Enter opens, ? lists the keys (docs/console.md "Keyboard"). */
function QueueGrid({ decide }: { decide: boolean }) {
  const { data = [], resource } = useListContext<CancellationView>();
  const translate = useTranslate();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const [cursor, setCursor] = useState(0);
  const [dialog, setDialog] = useState<{ kind: 'approve' | 'reject'; record: CancellationView } | null>(null);
  const [help, setHelp] = useState(false);
  const current = data[Math.min(cursor, data.length - 1)];
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || dialog || help) return;
      if (event.key === 'j') setCursor((c) => Math.min(c + 1, Math.max(0, data.length - 1)));
      else if (event.key === 'k') setCursor((c) => Math.max(0, c - 1));
      else if (event.key === '?') setHelp(true);
      else if (event.key === 'Enter' && current && (event.target as HTMLElement).tagName !== 'BUTTON')
        navigate(createPath({ resource, id: current.id, type: 'show' }));
      else if (decide && current?.state === 'awaiting_seller' && (event.key === 'a' || event.key === 'r'))
        setDialog({ kind: event.key === 'a' ? 'approve' : 'reject', record: current });
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [data, current, dialog, help, decide, navigate, createPath, resource]);
  return (
    <>
      <Datagrid
        rowClick="show"
        bulkActionButtons={decide ? <BulkApproveCancellationsButton /> : false}
        rowSx={(record) =>
          record.id === current?.id ? { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } : {}
        }
      >
        <TextField source="postingNumber" />
        <FunctionField
          source="reasonId"
          sortable={false}
          render={(r: CancellationView) => <ReasonText id={r.reasonId} />}
        />
        <ReferenceField
          source="orderId"
          reference="orders"
          link={false}
          label="resources.cancellations.fields.orderTotal"
          sortable={false}
        >
          <MoneyField source="paid" />
        </ReferenceField>
        <FunctionField
          source="deadlineAt"
          render={(r: CancellationView) =>
            r.state === 'awaiting_seller' ? (
              <Countdown deadline={r.deadlineAt} />
            ) : (
              <StateChip source="state" namespace="cancellation" />
            )
          }
        />
        <TranslatedField source="initiator" namespace="initiator" sortable={false} />
        <DateField source="createdAt" showTime />
      </Datagrid>
      <Box sx={{ px: 2, py: 1 }}>
        <Typography variant="caption" color="text.secondary">
          {translate('aftersale.shortcuts.help')}
        </Typography>
      </Box>
      {dialog?.kind === 'approve' && (
        <ApproveCancellationDialog record={dialog.record} open onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'reject' && (
        <RejectCancellationDialog record={dialog.record} open onClose={() => setDialog(null)} />
      )}
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} keys={SHORTCUTS} />
    </>
  );
}

export default function CancellationList() {
  const { permissions } = usePermissions<Role>();
  const small = useSmallScreen();
  return (
    <List
      filterDefaultValues={{ state: ['awaiting_seller'] }}
      sort={{ field: 'deadlineAt', order: 'ASC' }}
      filters={filters}
      perPage={25}
    >
      <StateTabs tabs={TABS} labelPrefix="resources.cancellations.tabs" />
      {small ? (
        <CaseSimpleList<CancellationView>
          namespace="cancellation"
          deadline={(r) => (r.state === 'awaiting_seller' ? r.deadlineAt : null)}
        />
      ) : (
        <QueueGrid decide={canDecide(permissions)} />
      )}
    </List>
  );
}
