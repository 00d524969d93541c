import { Box, Button, Card, CardContent, Tab, Tabs } from '@mui/material';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Title, useNotify, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { opsApi } from './api';
import { QueueOverviewTab } from './QueueOverviewTab';
import { FailedJobsTab } from './FailedJobsTab';
import { JobSearchTab } from './JobSearchTab';
import { ReliabilityTab } from './ReliabilityTab';

const TABS = ['overview', 'failed', 'search', 'sellers'] as const;

/** The ops role's everyday summary; bull-board (opened with a short-lived cookie) is the deep-dive tool. */
export default function OpsPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'overview';

  const openBullBoard = async () => {
    // a tab of its own, opened before the await so the browser does not block it as a pop-up
    const window_ = window.open('about:blank', '_blank');
    try {
      const session = await opsApi.openSession();
      if (window_) window_.location.href = session.url;
      else window.location.assign(session.url);
    } catch (error) {
      window_?.close();
      notify((error as Error).message || 'problems.unknown', { type: 'error' });
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('aftersale.menu.queues')} />
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', borderBottom: 1, borderColor: 'divider', mb: 2 }}>
          <Tabs value={tab} onChange={(_, value) => setParams({ tab: value })} sx={{ flex: 1 }}>
            {TABS.map((t) => (
              <Tab key={t} value={t} label={translate(`aftersale.ops.tabs.${t}`)} data-testid={`ops-tab-${t}`} />
            ))}
          </Tabs>
          <Button startIcon={<OpenInNewIcon />} onClick={openBullBoard} data-testid="open-bull-board">
            {translate('aftersale.ops.open_bull_board')}
          </Button>
        </Box>
        {tab === 'overview' && <QueueOverviewTab />}
        {tab === 'failed' && <FailedJobsTab />}
        {tab === 'search' && <JobSearchTab />}
        {tab === 'sellers' && <ReliabilityTab />}
      </CardContent>
    </Card>
  );
}
