import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List as MuiList,
  ListItemButton,
  ListItemText,
  TextField as MuiTextField,
} from '@mui/material';
import type { ParcelView, ReturnView, Role } from '@aftersale/contracts';
import {
  BooleanInput,
  Datagrid,
  FunctionField,
  List,
  ReferenceField,
  TextField,
  SimpleList,
  TextInput,
  useGetList,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DateField } from '../shared/dates';
import { EvidenceGallery } from '../shared/EvidenceGallery';
import { useSmallScreen } from '../shared/useSmallScreen';
import { TranslatedField } from '../shared/StateChip';
import { useCommand } from '../shared/useCommand';

function AssignDialog({ parcel, onClose }: { parcel: ParcelView; onClose: () => void }) {
  const translate = useTranslate();
  const { run, isPending } = useCommand();
  const [q, setQ] = useState(parcel.code);
  const { data: candidates = [] } = useGetList<ReturnView>('returns', {
    filter: { q },
    pagination: { page: 1, perPage: 10 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
      <DialogTitle>{translate('resources.parcels.actions.assign_title', { code: parcel.code })}</DialogTitle>
      <DialogContent>
        <MuiTextField
          fullWidth
          autoFocus
          margin="dense"
          label={translate('resources.parcels.actions.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <MuiList>
          {candidates.map((r) => (
            <ListItemButton
              key={r.id}
              disabled={isPending}
              onClick={() =>
                run(
                  {
                    path: `parcels/${parcel.id}/assign`,
                    body: { returnId: r.id },
                    success: 'resources.parcels.actions.assigned',
                  },
                  { onSuccess: onClose },
                )
              }
            >
              <ListItemText
                primary={`${r.postingNumber}${r.trackingNumber ? ` · ${r.trackingNumber}` : ''}`}
                secondary={translate(`states.return.${r.state}`)}
              />
            </ListItemButton>
          ))}
        </MuiList>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
      </DialogActions>
    </Dialog>
  );
}

function AssignButton() {
  const parcel = useRecordContext<ParcelView>();
  const translate = useTranslate();
  const { permissions } = usePermissions<Role>();
  const [open, setOpen] = useState(false);
  if (!parcel || parcel.returnId || (permissions !== 'seller_admin' && permissions !== 'seller_agent')) return null;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
      >
        {translate('resources.parcels.actions.assign')}
      </Button>
      {open && <AssignDialog parcel={parcel} onClose={() => setOpen(false)} />}
    </>
  );
}

const filters = [<TextInput key="q" source="q" alwaysOn />, <BooleanInput key="matched" source="matched" alwaysOn />];

export default function ParcelList() {
  const small = useSmallScreen();
  return (
    <List
      sort={{ field: 'receivedAt', order: 'DESC' }}
      filters={filters}
      filterDefaultValues={{ matched: false }}
      perPage={25}
    >
      {small ? (
        <SimpleList<ParcelView>
          rowClick={false}
          primaryText={(p) => p.code}
          secondaryText={(p) => (
            <>
              <TranslatedField source="condition" namespace="parcel_condition" />
              {p.note ? ` · ${p.note}` : ''}
            </>
          )}
          tertiaryText={(p) => (p.returnId ? null : <AssignButton />)}
          data-testid="simple-list"
        />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="code" />
          <DateField source="receivedAt" showTime />
          <TranslatedField source="condition" namespace="parcel_condition" />
          <TextField source="note" emptyText="—" sortable={false} />
          <FunctionField
            source="attachmentIds"
            sortable={false}
            render={(p: ParcelView) => <EvidenceGallery ids={p.attachmentIds} size={40} />}
          />
          <ReferenceField source="returnId" reference="returns" link="show" sortable={false} emptyText="—" />
          <FunctionField render={() => <AssignButton />} />
        </Datagrid>
      )}
    </List>
  );
}
