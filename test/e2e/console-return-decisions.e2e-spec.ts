/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import {
  as,
  buyerReturn,
  createOpsUser,
  createTenant,
  orderInStatus,
  ok,
  orderBody,
  rub,
  TenantFixture,
} from './support/fixtures';
import { Stack } from './support/stack';
import { logIn, screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';

/**
 * The return decisions beyond the seller's first one, in headless Chromium against the real api and worker: ops
 * deciding a disputed case, a seller admin closing an open case (never a rejection the buyer may still dispute),
 * videos among the evidence, and the dashboard's waiting card opening lists that hold what it counts.
 */
describe('return disputes, closing, evidence and the dashboard in a browser', () => {
  jest.setTimeout(120_000);
  const suite = browserSuite();
  let stack: Stack;
  let tenant: TenantFixture;
  let opsEmail: string;
  const email = (role: 'seller_admin' | 'seller_agent') => `${role}-${tenant.sellerId.slice(0, 8)}@test.example`;

  beforeAll(async () => {
    ({ stack, tenant } = suite);
    opsEmail = await createOpsUser(stack);
  });

  const page = (locale = 'en-US'): Promise<Page> => suite.page(locale);

  /** Logged in, past the first screen (ops land on the queues, sellers on the dashboard). */
  async function signedIn(who: string, locale = 'en-US'): Promise<Page> {
    const p = await page(locale);
    await logIn(p, who);
    await p.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 90_000 });
    return p;
  }

  const getReturn = async (id: string) => ok(await as(stack, { token: tenant.agent }).get(`/returns/${id}`));

  /** A buyer return the seller rejected and the buyer disputed through the channel: `arbitration`. */
  async function disputed(comment = 'The box was never opened') {
    const opened = await buyerReturn(stack, tenant, await orderInStatus(stack, tenant, 'delivered'));
    ok(
      await as(stack, { token: tenant.agent }).post(`/returns/${opened.id}/reject`, {
        reasonId: 'return-window-passed',
      }),
    );
    ok(await as(stack, { key: tenant.channelKey }).post(`/returns/${opened.id}/dispute`, { comment }));
    return opened as { id: string; postingNumber: string };
  }

  it('ops decide a disputed case for the buyer: the dialog says what happens, needs a comment, and the case is approved', async () => {
    const opened = await disputed();
    const p = await signedIn(opsEmail);
    await p.goto(`/returns/${opened.id}/show`);
    await p.getByTestId('case-title').filter({ hasText: opened.postingNumber }).waitFor();
    await p.getByText('In arbitration').first().waitFor();
    // what ops weigh: the seller's rejection and the buyer's dispute comment on the timeline
    await p.getByTestId('timeline').getByText('The box was never opened').waitFor();

    await p.getByTestId('arbitrate-button').click();
    const dialog = p.getByTestId('arbitrate-dialog');
    await dialog.getByText('Choose a decision to see what happens.').waitFor();
    const decide = dialog.getByRole('button', { name: 'Decide' });
    expect(await decide.isDisabled()).toBe(true);
    await dialog.getByRole('combobox').click();
    await p.getByRole('option', { name: 'For the seller: the rejection stands' }).click();
    await dialog.getByText(/the case is closed and nothing is refunded/).waitFor();
    await dialog.getByRole('combobox').click();
    await p.getByRole('option', { name: 'For the buyer: approve the return' }).click();
    await dialog.getByText(/the return is approved with the seller's default return instructions/).waitFor();
    expect(await decide.isDisabled()).toBe(true); // no comment yet
    await dialog.getByLabel(/Comment/).fill('Photos show an unopened box');
    await screenshot(p, 'return-arbitrate-en');
    await decide.click();
    await p.getByText('Arbitration decided').waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(await getReturn(opened.id)).toMatchObject({ state: 'approved', arbitrationDecision: 'approved' });
    // the page shows the server's answer: the case goes on, with nothing left to arbitrate
    await p.getByTestId('return-stepper').waitFor();
    await p.getByTestId('timeline').getByText('Photos show an unopened box').waitFor();
    expect(await p.getByTestId('arbitrate-button').count()).toBe(0);
    await screenshot(p, 'return-arbitrated-en');
  });

  it('a seller admin closes an open case with a comment; a rejection still open to dispute offers no closing, nor does a case to an agent', async () => {
    const open = await buyerReturn(stack, tenant, await orderInStatus(stack, tenant, 'delivered'));
    const rejected = await buyerReturn(stack, tenant, await orderInStatus(stack, tenant, 'delivered'));
    ok(
      await as(stack, { token: tenant.agent }).post(`/returns/${rejected.id}/reject`, {
        reasonId: 'return-window-passed',
      }),
    );

    const p = await signedIn(email('seller_admin'));
    await p.goto(`/returns/${rejected.id}/show`);
    await p.getByText('The buyer may dispute until').waitFor();
    expect(await p.getByTestId('close-case-button').count()).toBe(0);

    await p.goto(`/returns/${open.id}/show`);
    await p.getByTestId('case-title').filter({ hasText: open.postingNumber }).waitFor();
    await p.getByTestId('close-case-button').click();
    const dialog = p.getByTestId('close-return-dialog');
    await dialog.getByText(/This cannot be undone/).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Close case' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/Comment/).fill('Agreed with the buyer by phone');
    await screenshot(p, 'return-close-en');
    await confirm.click();
    await p.getByText('Case closed').waitFor();
    expect(await getReturn(open.id)).toMatchObject({ state: 'closed', closeReason: 'closed' });
    await p.getByTestId('timeline').getByText('Agreed with the buyer by phone').waitFor();
    expect(await p.getByTestId('close-case-button').count()).toBe(0);
    await screenshot(p, 'return-closed-en');

    // an agent may not close (403): no button
    const other = await buyerReturn(stack, tenant, await orderInStatus(stack, tenant, 'delivered'));
    const agentPage = await signedIn(email('seller_agent'));
    await agentPage.goto(`/returns/${other.id}/show`);
    await agentPage.getByRole('button', { name: 'Approve' }).waitFor();
    expect(await agentPage.getByTestId('close-case-button').count()).toBe(0);
  });

  it('a video among the evidence plays in the lightbox; a photo stays a photo', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const upload = async (bytes: Buffer, name: string, type: string) =>
      ok(
        await stack.http
          .post('/api/v1/attachments')
          .set('X-Api-Key', tenant.channelKey)
          .attach('file', bytes, { filename: name, contentType: type }),
        201,
      ).id as string;
    const video = await upload(MP4, 'unboxing.mp4', 'video/mp4');
    const photo = await upload(PNG, 'box.png', 'image/png');
    const orderId = await orderInStatus(stack, tenant, 'delivered');
    const claim = ok(
      await channel.post('/returns', {
        orderId,
        type: 'defect_claim',
        lines: [{ sku: 'SKU-1', quantity: 1 }],
        reasonId: 'faulty',
        attachmentIds: [video, photo],
      }),
      201,
    );

    const p = await signedIn(email('seller_agent'));
    await p.goto(`/returns/${claim.id}/show`);
    await p.getByTestId('evidence-video-thumbnail').waitFor();
    await p.getByRole('button', { name: 'Open photo' }).locator('img').waitFor();
    await p.getByRole('button', { name: 'Play video' }).click();
    const lightbox = p.getByTestId('lightbox');
    const player = lightbox.getByTestId('evidence-video');
    await player.waitFor();
    expect(await player.evaluate((v) => (v as HTMLVideoElement).controls)).toBe(true);
    expect(await lightbox.locator('img').count()).toBe(0);
    await screenshot(p, 'evidence-video-en');
    await lightbox.getByRole('button', { name: 'Next' }).click();
    await lightbox.locator('img').waitFor();
    expect(await lightbox.getByTestId('evidence-video').count()).toBe(0);
  });

  it("the dashboard's waiting card links to the waiting cancellations and to the returns it counts", async () => {
    const t = await createTenant(stack);
    const agent = as(stack, { token: t.agent });
    const channel = as(stack, { key: t.channelKey });
    const processing = await orderInStatus(stack, t, 'processing');
    ok(await channel.post('/cancellations', { orderId: processing, reasonId: 'changed-mind' }), 201);
    const waiting = await buyerReturn(stack, t, await orderInStatus(stack, t, 'delivered'));
    // a compensation offered waits for the buyer, not the seller: the card does not count it, nor may its list show it
    const offered = await buyerReturn(stack, t, await orderInStatus(stack, t, 'delivered'));
    ok(await agent.post(`/returns/${offered.id}/compensate`, { amount: rub(10_000) }));
    const stats = ok(await agent.get('/stats/seller'));
    expect(stats.waitingForDecision).toEqual({ cancellations: 1, returns: 1, total: 2 });

    const p = await page();
    await logIn(p, `seller_agent-${t.sellerId.slice(0, 8)}@test.example`);
    const card = p.getByTestId('waiting-returns');
    await card.getByText('1 return').waitFor({ timeout: 90_000 });
    await p.getByTestId('waiting-cancellations').getByText('1 cancellation').waitFor();
    await screenshot(p, 'dashboard-en');
    await card.click();
    await p.getByText(waiting.postingNumber).waitFor();
    expect(await p.getByText(offered.postingNumber).count()).toBe(0);
    await p.goBack();
    await p.getByTestId('waiting-cancellations').click();
    await p.waitForURL((url) => url.pathname === '/cancellations');
    await p.getByText('Waiting (1)').waitFor();
  });

  it("the dashboard's due card links to the requests and cases due within 24 h: each list holds what it counts", async () => {
    const t = await createTenant(stack);
    const agent = as(stack, { token: t.agent });
    const channel = as(stack, { key: t.channelKey });
    // opened under the default deadlines (72 h): waiting, not due
    ok(
      await channel.post('/cancellations', {
        orderId: await orderInStatus(stack, t, 'processing'),
        reasonId: 'changed-mind',
      }),
      201,
    );
    const later = await buyerReturn(stack, t, await orderInStatus(stack, t, 'delivered'));
    ok(
      await as(stack, { token: t.admin }).put('/sellers/me/settings', {
        cancellationDeadlineHours: 2,
        returnDecisionDeadlineHours: 2,
      }),
    );
    const dueOrder = await orderInStatus(stack, t, 'processing');
    const dueRequest = ok(await channel.post('/cancellations', { orderId: dueOrder, reasonId: 'changed-mind' }), 201);
    const dueReturn = await buyerReturn(stack, t, await orderInStatus(stack, t, 'delivered'));
    const stats = ok(await agent.get('/stats/seller'));
    expect(stats.waitingForDecision).toEqual({ cancellations: 2, returns: 2, total: 4 });
    expect(stats.dueWithin24hByKind).toEqual({ cancellations: 1, returns: 1 });
    expect(stats.overdueByKind).toEqual({ cancellations: 0, returns: 0 });

    const p = await page();
    await logIn(p, `seller_agent-${t.sellerId.slice(0, 8)}@test.example`);
    await p.getByTestId('figure-due').getByText('2').waitFor({ timeout: 90_000 });
    await p.getByTestId('due-returns').getByText('1 return').waitFor();
    await p.getByTestId('due-returns').click();
    await p.getByText(dueReturn.postingNumber).waitFor();
    expect(await p.getByText(later.postingNumber).count()).toBe(0);
    await screenshot(p, 'returns-due-en');
    await p.goBack();
    await p.getByTestId('due-cancellations').getByText('1 cancellation').click();
    await p.waitForURL((url) => url.pathname === '/cancellations');
    await p.getByText(dueRequest.postingNumber).waitFor();
    expect(await p.locator('tbody tr').count()).toBe(1);
    // the tabs count under the same deadline window: the open tab's count is the page's total
    await p.getByText('Waiting (1)').waitFor();
    await p.getByText('All (1)').waitFor();
    await screenshot(p, 'cancellations-due-en');
  });

  it.each([
    ['ru-RU', 'ru', 'Решение по спору', 'Закрыть возврат', 'Смотреть видео', '1 возврат'],
    ['zh-CN', 'zh', '裁决退货', '关闭退货', '播放视频', '退货 1 条'],
  ])(
    'in %s the dispute and closing dialogs, the video and the dashboard are translated',
    async (locale, name, arbitrateTitle, closeTitle, playVideo, waitingReturns) => {
      const t = await createTenant(stack);
      const opened = await disputed();
      const video = ok(
        await stack.http
          .post('/api/v1/attachments')
          .set('X-Api-Key', t.channelKey)
          .attach('file', MP4, { filename: 'unboxing.mp4', contentType: 'video/mp4' }),
        201,
      ).id;
      const claim = ok(
        await as(stack, { key: t.channelKey }).post('/returns', {
          orderId: await orderInStatus(stack, t, 'delivered', orderBody()),
          type: 'defect_claim',
          lines: [{ sku: 'SKU-1', quantity: 1 }],
          reasonId: 'faulty',
          attachmentIds: [video],
        }),
        201,
      );

      const o = await signedIn(opsEmail, locale);
      await o.goto(`/returns/${opened.id}/show`);
      await o.getByTestId('arbitrate-button').click();
      const dialog = o.getByTestId('arbitrate-dialog');
      await dialog.getByText(arbitrateTitle).waitFor();
      await dialog.getByRole('combobox').click();
      await o.getByRole('option').first().click();
      await screenshot(o, `return-arbitrate-${name}`);

      const p = await signedIn(`seller_admin-${t.sellerId.slice(0, 8)}@test.example`, locale);
      await p.getByTestId('waiting-returns').getByText(waitingReturns).waitFor({ timeout: 90_000 });
      await screenshot(p, `dashboard-${name}`);
      await p.goto(`/returns/${claim.id}/show`);
      await p.getByRole('button', { name: playVideo }).click();
      await p.getByTestId('evidence-video').waitFor();
      await screenshot(p, `evidence-video-${name}`);
      await p.keyboard.press('Escape');
      await p.getByTestId('close-case-button').click();
      await p.getByTestId('close-return-dialog').getByText(closeTitle).waitFor();
      await screenshot(p, `return-close-${name}`);
    },
  );
});

/** The start of an ISO base media (MP4) file, `ftyp` box with brand `isom`: the api judges it a video/mp4. */
const MP4 = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(64)]);
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
