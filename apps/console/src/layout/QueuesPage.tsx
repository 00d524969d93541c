import { Card, CardContent, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';

/** The ops landing page; the queue pages themselves come with the ops issue (apps/console/src/ops/). */
export default function QueuesPage() {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('aftersale.menu.queues')} />
      <CardContent>
        <Typography variant="h5">{translate('aftersale.menu.queues')}</Typography>
      </CardContent>
    </Card>
  );
}
