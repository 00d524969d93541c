/// <reference lib="dom" />
import './support/fast-job-retries';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { applied, as, createOpsUser, createTenant, eventually, ok, orderBody, TenantFixture } from './support/fixtures';
import { Stack } from './support/stack';
import { logIn, screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';

/**
 * The ops pages of the console (apps/console/src/ops) in headless Chromium against the real api and worker:
 * the queue overview with its backlog warning and bull-board link, retrying a failed job, the reliability table.
 */
describe('the ops pages in a browser', () => {
  jest.setTimeout(120_000);
  let stack: Stack;
  let tenant: TenantFixture;
  let opsEmail: string;
  const suite = browserSuite({
    stack: { commandWaitMs: 1000 },
    beforeClose: async () => {
      await stack?.dataSource.query(`DROP TRIGGER IF EXISTS ops_console_outage ON orders`);
    },
  });

  beforeAll(async () => {
    ({ stack, tenant } = suite);
    opsEmail = await createOpsUser(stack);
  });

  async function opsPage(): Promise<Page> {
    const p = await suite.page();
    await logIn(p, opsEmail);
    // the first visit loads the console cold; on a busy machine that takes a while
    await p.getByRole('menuitem', { name: /Queues/ }).click({ timeout: 60_000 });
    return p;
  }

  it('the overview refreshes by itself, warns about a backlog over its threshold, and opens bull-board', async () => {
    const p = await opsPage();
    await p.getByTestId('queue-row-orders').waitFor();
    const completed = Number(await p.getByTestId('count-orders-completed').textContent());
    ok(await as(stack, { key: tenant.channelKey }).post('/orders', orderBody()), 201);
    // no reload: the page polls
    await p.waitForFunction(
      (before) => Number(document.querySelector('[data-testid="count-orders-completed"]')?.textContent) > before,
      completed,
    );
    await p.getByTestId('health-postgres').getByText('up', { exact: true }).waitFor();
    await p.getByTestId('health-redis').getByText('up', { exact: true }).waitFor();

    // a job waits with no worker to take it: past a 1 s threshold the warning shows
    await stack.stopWorker();
    await p.getByTestId('backlog-threshold').fill('1');
    ok(await as(stack, { key: tenant.channelKey }).post('/orders', orderBody()), 202);
    await p.getByTestId('backlog-warning').filter({ hasText: 'Queue orders' }).waitFor();
    await screenshot(p, 'ops-overview-backlog');
    await stack.startWorker();
    await p.getByTestId('backlog-warning').waitFor({ state: 'detached' });

    const [bullBoard] = await Promise.all([p.waitForEvent('popup'), p.getByTestId('open-bull-board').click()]);
    await bullBoard.waitForURL(/\/ops\/bull\/?$/);
    await bullBoard.getByText('orders').first().waitFor();
    await screenshot(bullBoard, 'ops-bull-board');
  });

  it('a failed job shows its error and payload, and Retry makes it succeed', async () => {
    await stack.dataSource.query(`
      CREATE OR REPLACE FUNCTION ops_console_outage() RETURNS trigger AS $$
      BEGIN
        IF NEW.posting_number LIKE 'DOWN-%' THEN RAISE EXCEPTION 'simulated outage: orders are not writable'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      DROP TRIGGER IF EXISTS ops_console_outage ON orders;
      CREATE TRIGGER ops_console_outage BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION ops_console_outage();`);
    const channel = as(stack, { key: tenant.channelKey });
    // the api waits a moment: the job may still be retrying (202) or have used up its attempts already (500
    // internal-error, the command marked failed); either way it sits in the failed set for ops
    const answer = await channel.post('/orders', orderBody({ postingNumber: `DOWN-${randomUUID().slice(0, 8)}` }));
    expect([202, 500]).toContain(answer.status);
    const commandId: string = answer.body.id ?? String(answer.body.jobId).replace(/^cmd-/, '');
    const p = await opsPage();
    await p.getByTestId('ops-tab-failed').click();
    const row = p.getByTestId(`failed-job-cmd-${commandId}`);
    await row.getByText('simulated outage').waitFor({ timeout: 20000 });
    await row.getByRole('button', { name: 'Details' }).click();
    await p.getByTestId('job-payload').getByText(commandId).waitFor();
    await screenshot(p, 'ops-failed-job');

    await stack.dataSource.query(`DROP TRIGGER ops_console_outage ON orders`);
    await row.getByRole('button', { name: 'Retry' }).click();
    await p.getByText('Retry requested').waitFor();
    await row.waitFor({ state: 'detached' });
    await eventually(async () => ok(await channel.get(`/commands/${commandId}`)).state === 'succeeded');
  });

  it("the job search finds a request's jobs by the X-Request-Id a client quotes, from the keyboard, in each language", async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const orderId: string = (await applied(channel, await channel.post('/orders', orderBody()), 201)).id;
    const agent = as(stack, { token: tenant.agent });
    await applied(agent, await agent.post(`/orders/${orderId}/process`));
    const requestId = `ticket-${randomUUID().slice(0, 8)}`;
    await applied(
      channel,
      await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }, { 'X-Request-Id': requestId }),
      201,
    );
    const p = await opsPage();
    const search = async (label: string, completed: string, name: string) => {
      await p.getByTestId('ops-tab-search').click();
      await p.getByLabel(label).focus();
      await p.keyboard.type(requestId);
      await p.keyboard.press('Enter');
      const row = p.getByTestId('job-results').getByRole('row').filter({ hasText: 'CreateCancellation' });
      await row.getByText(completed).waitFor({ timeout: 20000 });
      await screenshot(p, `ops-job-search-${name}`);
    };
    await search('What to find', 'Completed', 'en');
    // the other languages, chosen in the app bar (the page starts again in each)
    let current = 'English';
    for (const [language, label, completed, name] of [
      ['Русский', 'Что найти', 'Выполнены', 'ru'],
      ['中文', '查找内容', '已完成', 'zh'],
    ]) {
      await p.getByRole('button', { name: current }).click();
      await p.getByRole('menuitem', { name: language }).click();
      await search(label, completed, name);
      current = language;
    }
  });

  it('the reliability table shows each seller over 30 days', async () => {
    const seller = await createTenant(stack);
    const channel = as(stack, { key: seller.channelKey });
    // this stack waits only 1 s for an outcome (the backlog journey needs 202s): follow a slow command to its end
    const orderId: string = (await applied(channel, await channel.post('/orders', orderBody()), 201)).id;
    const agent = as(stack, { token: seller.agent });
    await applied(agent, await agent.post(`/orders/${orderId}/cancel`, { reasonId: 'out-of-stock' }));
    await applied(channel, await channel.post('/orders', orderBody()), 201);
    const p = await opsPage();
    await p.getByTestId('ops-tab-sellers').click();
    const row = p.getByTestId(`reliability-${seller.sellerId}`);
    await row.waitFor();
    await row.getByText(`Shop ${seller.sellerId.slice(0, 8)}`).waitFor();
    await row.getByText('50%').waitFor();
    await screenshot(p, 'ops-reliability');
  });
});
