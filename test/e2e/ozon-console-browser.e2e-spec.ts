/// <reference lib="dom" />
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { OzonSimulator } from '../../apps/ozon-sim/src/ozon-simulator';
import { OzonSyncSchedules } from '../../apps/worker/src/marketplace/import-ozon/ozon-sync-schedules.service';
import { eventually, TenantFixture } from './support/fixtures';
import { startSimulatorFor } from './support/ozon-fixtures';
import { Stack } from './support/stack';
import { logIn, screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';

/**
 * The Ozon connection in the console (docs/ozon.md): the admin connects the shop's Ozon account on the settings page,
 * the worker's schedule imports it, and an Ozon-born cancellation request decided in the console reaches Ozon.
 */
describe('connecting Ozon in the console', () => {
  jest.setTimeout(120_000);
  let stack: Stack;
  let sim: OzonSimulator;
  let tenant: TenantFixture;
  const clientId = String(randomInt(500_000, 900_000));
  const apiKey = 'browser-suite-api-key';
  /** the Ozon-born cancellation request the first journey decides, and its posting */
  let cancellationUrl: string;
  let postingNumber: string;
  const email = (role: string) => `${role}-${tenant.sellerId.slice(0, 8)}@test.example`;
  const suite = browserSuite({
    beforeStart: async () => {
      sim = await startSimulatorFor(clientId, apiKey);
      process.env.OZON_SYNC_EVERY_MS = '1000';
    },
    afterClose: async () => {
      await sim?.close();
    },
  });

  beforeAll(() => {
    ({ stack, tenant } = suite);
  });

  const page = (): Promise<Page> => suite.page();

  it('an admin connects the Ozon account; an Ozon-born cancellation request is approved in the console and accepted by Ozon', async () => {
    const p = await page();
    await logIn(p, email('seller_admin'));
    await p.getByRole('menuitem', { name: /Settings/ }).click();
    const card = p.getByTestId('ozon-connection');
    await card.getByText('No Ozon account is connected.').waitFor();
    // a wrong key is refused with a clear message, and nothing is connected
    await p.getByTestId('ozon-client-id').fill(clientId);
    await p.getByTestId('ozon-api-key').fill('not-the-key');
    await p.getByTestId('ozon-connect').click();
    await p.getByText(/Ozon refused this Client-Id and Api-Key/).waitFor();
    await p.getByTestId('ozon-api-key').fill(apiKey);
    await p.getByTestId('ozon-connect').click();
    await card.getByTestId('ozon-status').filter({ hasText: 'Working' }).waitFor();
    // the key is never shown again
    expect(await p.getByTestId('ozon-api-key').inputValue()).toBe('');
    expect(await p.content()).not.toContain(apiKey);

    // the worker's schedule imports the account and pushes decisions
    stack.worker!.get(OzonSyncSchedules, { strict: false }).start();
    await eventually(async () => {
      const [row] = await stack.dataSource.query(
        `SELECT count(*) FROM cancellation_requests WHERE seller_id = $1 AND state = 'awaiting_seller'`,
        [tenant.sellerId],
      );
      return Number(row.count) === 3;
    }, 30_000);
    await screenshot(p, 'ozon-settings-en');

    await p.getByRole('menuitem', { name: /Cancellations/ }).click();
    await p.getByText('Waiting (3)').waitFor();
    const ozon = [...sim.store.account(clientId).cancellations.values()].find((c) => c.state === 'ON_APPROVAL')!;
    await p.getByText(ozon.posting_number).click();
    await p.getByTestId('case-title').filter({ hasText: ozon.posting_number }).waitFor();
    await p.getByText('From Ozon').waitFor();
    await p.getByRole('button', { name: 'Approve' }).click();
    await p.getByTestId('approve-dialog').getByRole('button', { name: 'Approve' }).click();
    await eventually(
      async () => sim.store.account(clientId).cancellations.get(ozon.cancellation_id)!.state === 'APPROVED',
      30_000,
    );
    await p.reload();
    await p.getByTestId('marketplace-push').filter({ hasText: 'Accepted by Ozon' }).waitFor();
    await screenshot(p, 'ozon-cancellation-pushed-en');
    cancellationUrl = p.url();
    postingNumber = ozon.posting_number;
  });

  it('a reply on an Ozon-born case says it is sending to Ozon, then delivered to Ozon’s chat, or refused with Ozon’s answer', async () => {
    const p = await page();
    await logIn(p, email('seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).waitFor();
    await p.goto(cancellationUrl);
    await p.getByTestId('case-title').filter({ hasText: postingNumber }).waitFor();
    const replyTo = async (body: string) => {
      await p.getByLabel('Reply to the buyer').fill(body);
      await p.getByRole('button', { name: 'Send', exact: true }).click();
      await p.getByTestId('conversation').getByText(body).waitFor();
    };
    const states = p.getByTestId('conversation').getByTestId('reply-push');

    // Ozon's chat cannot take it for now: the reply shows it is on its way
    sim.faults.push({ kind: 'server-error', path: '/v1/chat/send/message' });
    await replyTo('Здравствуйте! Отмену подтвердили, деньги вернёт Ozon.');
    await states.filter({ hasText: 'Sending to Ozon…' }).waitFor();
    await screenshot(p, 'ozon-reply-sending-en');
    // Ozon is back: the page follows the push without a reload
    sim.faults = [];
    await states.filter({ hasText: 'Delivered to Ozon’s chat' }).waitFor({ timeout: 60_000 });
    const chat = [...sim.store.account(clientId).chats.values()].find((c) => c.posting_number === postingNumber)!;
    expect(chat.messages.map((m) => m.data[0])).toContain('Здравствуйте! Отмену подтвердили, деньги вернёт Ozon.');

    // Ozon no longer knows the posting: it refuses the chat, and the reply shows Ozon's answer
    sim.store.account(clientId).postings.delete(postingNumber);
    await replyTo('Если будут вопросы — пишите.');
    await states.filter({ hasText: 'Ozon refused it' }).waitFor({ timeout: 60_000 });
    await p
      .getByTestId('reply-push-error')
      .filter({ hasText: `posting ${postingNumber} not found` })
      .waitFor();
    expect(await states.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-push')))).toEqual([
      'accepted',
      'refused',
    ]);
    await screenshot(p, 'ozon-replies-en');
  });

  it.each([
    ['ru-RU', 'ru', 'Доставлено в чат Ozon', 'Ozon отказал', 'Ответ Ozon:'],
    ['zh-CN', 'zh', '已送达 Ozon 聊天', 'Ozon 已拒绝', 'Ozon 的答复：'],
  ])('in %s a reply’s state with Ozon is translated', async (locale, name, delivered, refused, answer) => {
    const p = await suite.page(locale);
    await logIn(p, email('seller_agent'));
    await p.getByRole('menuitem').first().waitFor();
    await p.goto(cancellationUrl);
    const states = p.getByTestId('conversation').getByTestId('reply-push');
    await states.filter({ hasText: delivered }).waitFor();
    await states.filter({ hasText: refused }).waitFor();
    await p.getByTestId('reply-push-error').filter({ hasText: answer }).waitFor();
    await screenshot(p, `ozon-replies-${name}`);
  });

  it('an rFBS return from Ozon approved in the console shows “Sending to Ozon…”, then is verified on Ozon', async () => {
    const account = sim.store.account(clientId);
    const ozonReturn = [...account.returns.values()].find((r) => r.state === 'New')!;
    const [row] = await eventually(async () => {
      const rows = await stack.dataSource.query(
        `SELECT local_id FROM marketplace_links WHERE seller_id = $1 AND kind = 'return' AND external_id = $2`,
        [tenant.sellerId, String(ozonReturn.return_id)],
      );
      return rows.length > 0 && rows;
    }, 30_000);
    // Ozon cannot take it for now: the case shows the decision on its way
    sim.faults.push({ kind: 'server-error', path: '/v2/returns/rfbs/verify' });
    const p = await page();
    await logIn(p, email('seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).waitFor();
    await p.goto(`/returns/${row.local_id}/show`);
    await p.getByTestId('case-title').filter({ hasText: ozonReturn.posting_number }).waitFor();
    await p.getByText('From Ozon').waitFor();
    await p.getByRole('button', { name: 'Approve' }).click();
    const approve = p.getByTestId('approve-return-dialog');
    await approve.getByText('Moscow, Returns st. 1').waitFor();
    await approve.getByRole('button', { name: 'Approve' }).click();
    await p.getByTestId('marketplace-push').filter({ hasText: 'Sending to Ozon…' }).waitFor();
    sim.faults = []; // Ozon is back: the push's next attempt goes through
    await eventually(async () => ozonReturn.state === 'Delivering', 60_000);
    await p.reload();
    await p.getByTestId('marketplace-push').filter({ hasText: 'Accepted by Ozon' }).waitFor();
    expect(ozonReturn.return_method_description).toContain('Moscow, Returns st. 1');
    // a reply on the return goes to Ozon's chat of its posting, and says so
    await p.getByLabel('Reply to the buyer').fill('Return approved: please send the kettle to Moscow, Returns st. 1.');
    await p.getByRole('button', { name: 'Send', exact: true }).click();
    await p
      .getByTestId('conversation')
      .getByTestId('reply-push')
      .filter({ hasText: 'Delivered to Ozon’s chat' })
      .waitFor({ timeout: 60_000 });
    await screenshot(p, 'ozon-return-pushed-en');
  });
});
