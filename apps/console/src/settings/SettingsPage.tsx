import { useState } from 'react';
import { Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SellerSettingsView, WritableSellerSettings } from '@aftersale/contracts';
import { Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { AftersaleDataProvider } from '../api/dataProvider';
import { MoneyInputField } from '../shared/RefundAmount';
import { useNotifyProblem } from '../shared/useCommand';
import { OzonConnectionCard } from './OzonConnectionCard';

function SettingsForm({ settings }: { settings: SellerSettingsView }) {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyProblem = useNotifyProblem();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const [values, setValues] = useState({
    cancellationDeadlineHours: String(settings.cancellationDeadlineHours),
    returnDecisionDeadlineHours: String(settings.returnDecisionDeadlineHours),
    returnShipByDays: String(settings.returnShipByDays),
    defaultReturnAddress: settings.defaultReturnAddress ?? '',
  });
  const [fee, setFee] = useState<number | null>(settings.defaultReturnShippingFee.amount);
  const save = useMutation({
    mutationFn: (body: WritableSellerSettings) => dataProvider.put('sellers/me/settings', body),
    onSuccess: () => {
      notify('aftersale.settings.saved', { type: 'success' });
      queryClient.invalidateQueries({ queryKey: ['sellers', 'me', 'settings'] });
    },
    onError: notifyProblem,
  });
  const f = (name: string) => translate(`resources.settings.fields.${name}`);
  const number = (name: keyof typeof values) => (
    <TextField
      type="number"
      label={f(name)}
      value={values[name]}
      onChange={(e) => setValues({ ...values, [name]: e.target.value })}
      slotProps={{ htmlInput: { min: 0, step: 'any' } }}
    />
  );
  return (
    <Stack spacing={2} sx={{ maxWidth: 560 }}>
      <Typography variant="h6">{translate('aftersale.settings.deadlines')}</Typography>
      {number('cancellationDeadlineHours')}
      {number('returnDecisionDeadlineHours')}
      <Typography variant="h6">{translate('aftersale.settings.return_defaults')}</Typography>
      <TextField
        multiline
        label={f('defaultReturnAddress')}
        value={values.defaultReturnAddress}
        onChange={(e) => setValues({ ...values, defaultReturnAddress: e.target.value })}
      />
      {number('returnShipByDays')}
      <MoneyInputField
        label={f('defaultReturnShippingFee')}
        currency={settings.defaultReturnShippingFee.currency}
        initial={settings.defaultReturnShippingFee.amount}
        onChange={setFee}
      />
      <div>
        <Button
          variant="contained"
          disabled={save.isPending || fee === null}
          onClick={() =>
            save.mutate({
              cancellationDeadlineHours: Number(values.cancellationDeadlineHours),
              returnDecisionDeadlineHours: Number(values.returnDecisionDeadlineHours),
              returnShipByDays: Number(values.returnShipByDays),
              defaultReturnAddress: values.defaultReturnAddress,
              defaultReturnShippingFee: { amount: fee!, currency: settings.defaultReturnShippingFee.currency },
            })
          }
        >
          {translate('ra.action.save')}
        </Button>
      </div>
    </Stack>
  );
}

/**
 * The seller's settings (admin): deadlines and return defaults, which apply to requests opened afterwards; and the
 * shop's Ozon account.
 */
export default function SettingsPage() {
  const translate = useTranslate();
  const dataProvider = useDataProvider<AftersaleDataProvider>();
  const { data } = useQuery({
    queryKey: ['sellers', 'me', 'settings'],
    queryFn: () => dataProvider.fetch<SellerSettingsView>('sellers/me/settings').then((r) => r.data),
  });
  return (
    <>
      <Card sx={{ mt: 2 }}>
        <Title title={translate('aftersale.settings.title')} />
        <CardContent>{data && <SettingsForm key={data.updatedAt} settings={data} />}</CardContent>
      </Card>
      <OzonConnectionCard />
    </>
  );
}
