/// <reference lib="dom" />
import { JwtService } from '@nestjs/jwt';
import type { FileChooser, Page } from 'playwright-core';
import {
  as,
  buyerReturn,
  createTenant,
  eventually,
  ok,
  orderBody,
  orderInStatus,
  TenantFixture,
  trackingNumber,
} from './support/fixtures';
import { Stack } from './support/stack';
import { chooseLanguage, logIn, PHONE, screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';

/**
 * The console in headless Chromium against the real api and worker (which serve the built console), one
 * journey per test. Each fails on an uncaught page error or a React error; screenshots of each end state go
 * to tmp/console-screenshots/.
 */
describe('the console in a browser', () => {
  jest.setTimeout(120_000);
  const suite = browserSuite();
  let stack: Stack;
  let tenant: TenantFixture;

  const email = (t: TenantFixture, role: 'seller_admin' | 'seller_agent' | 'warehouse') =>
    `${role}-${t.sellerId.slice(0, 8)}@test.example`;

  beforeAll(() => {
    ({ stack, tenant } = suite);
  });

  const page = (locale?: string, device?: typeof PHONE): Promise<Page> => suite.page(locale, device);

  /** A processing order with a buyer's cancellation request waiting for the seller. */
  async function waitingCancellation(t: TenantFixture, paid = 100000) {
    const orderId = await orderInStatus(
      stack,
      t,
      'processing',
      orderBody({
        lines: [{ sku: 'SKU-1', name: 'Phone case', quantity: 2, unitPrice: { amount: paid / 2, currency: 'RUB' } }],
        paid: { amount: paid, currency: 'RUB' },
      }),
    );
    return ok(
      await as(stack, { key: t.channelKey }).post('/cancellations', { orderId, reasonId: 'changed-mind' }),
      201,
    ) as { id: string; postingNumber: string };
  }

  /** A delivered order's return, approved and on its way back with a tracking number. */
  async function shippedReturn() {
    const channel = as(stack, { key: tenant.channelKey });
    const orderId = await orderInStatus(stack, tenant, 'delivered');
    const r = await buyerReturn(stack, tenant, orderId);
    ok(await as(stack, { token: tenant.agent }).post(`/returns/${r.id}/approve`, {}));
    const tracking = trackingNumber();
    ok(await channel.post(`/returns/${r.id}/ship`, { trackingNumber: tracking }));
    return { id: r.id as string, tracking, orderId };
  }

  /** a buyer return of every unit of a delivered order of one line (RUB) */
  async function returnOfAll(sku: string, name: string, quantity: number, unitAmount: number) {
    const orderId = await orderInStatus(
      stack,
      tenant,
      'delivered',
      orderBody({
        lines: [{ sku, name, quantity, unitPrice: { amount: unitAmount, currency: 'RUB' } }],
        paid: { amount: unitAmount * quantity, currency: 'RUB' },
      }),
    );
    return ok(
      await as(stack, { key: tenant.channelKey }).post('/returns', {
        orderId,
        type: 'buyer_return',
        lines: [{ sku, quantity }],
        reasonId: 'wrong-model',
      }),
      201,
    );
  }

  const cancellationState = async (t: TenantFixture, id: string) =>
    ok(await as(stack, { token: t.agent }).get(`/cancellations/${id}`)).state as string;

  it('on a phone the queue is a simple list that fits the screen, and a request opened from it can be approved', async () => {
    const t = await createTenant(stack);
    const request = await waitingCancellation(t);
    const p = await page('en-US', PHONE);
    await logIn(p, email(t, 'seller_agent'));
    // the login is done once the console has left the login page (the menu is in a drawer on a phone)
    await p.waitForURL((url) => !url.pathname.startsWith('/login'));
    await p.goto('/cancellations');
    const list = p.getByTestId('simple-list');
    await list.getByText(request.postingNumber).waitFor();
    // one line per request with its countdown, no table, and nothing wider than the screen
    expect(await p.locator('table').count()).toBe(0);
    await list.getByText(/left/).first().waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await list.getByText(request.postingNumber).tap();
    await p.getByTestId('case-title').filter({ hasText: request.postingNumber }).waitFor();
    // the request's page fits too: its order lines scroll inside their card
    await p.getByTestId('order-lines').waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await p.getByRole('button', { name: 'Approve' }).tap();
    await p.getByTestId('approve-dialog').getByRole('button', { name: 'Approve' }).tap();
    await eventually(async () => ((await cancellationState(t, request.id)) === 'approved' ? true : undefined));
    await screenshot(p, 'phone-cancellation-approved');
  });

  it('an agent approves one cancellation with the keyboard, rejects another with a reason, and bulk-approves three', async () => {
    const t = await createTenant(stack);
    const requests: { id: string; postingNumber: string }[] = [];
    for (let i = 0; i < 5; i++) requests.push(await waitingCancellation(t, 100000 + i * 1000));
    const p = await page();
    await logIn(p, email(t, 'seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).click();
    await p.getByText('Waiting (5)').waitFor();
    // the tab's count is a query of its own: the keys act on the rows, so wait for the grid to hold all five,
    // and for the bulk checkbox, which shows once the agent's role (who may decide) is known
    for (const r of requests) await p.getByText(r.postingNumber).waitFor();
    await p.getByRole('checkbox', { name: 'Select all' }).waitFor();

    // the queue opens on the soonest deadline; j/k move, a approves the selected row
    await p.keyboard.press('j');
    await p.keyboard.press('k');
    await p.keyboard.press('a');
    const approveDialog = p.getByTestId('approve-dialog');
    await approveDialog.getByText(/The order is cancelled and .* is refunded to the buyer/).waitFor();
    await approveDialog.getByRole('button', { name: 'Approve' }).click();
    await p.getByText('Waiting (4)').waitFor();
    const approved = await eventually(async () => {
      for (const r of requests) if ((await cancellationState(t, r.id)) === 'approved') return r;
      return undefined;
    });

    // reject another from its page, with a reason and a comment
    const toReject = requests.find((r) => r !== approved)!;
    await p.getByText(toReject.postingNumber).click();
    await p.getByTestId('case-title').filter({ hasText: toReject.postingNumber }).waitFor();
    await p.getByRole('button', { name: 'Reject' }).click();
    const rejectDialog = p.getByTestId('reject-dialog');
    await rejectDialog.getByRole('combobox').click();
    await p.getByRole('option').first().click();
    await rejectDialog.getByTestId('reject-comment').fill('Already handed to the carrier');
    await rejectDialog.getByRole('button', { name: 'Reject' }).click();
    await p.getByText('Cancellation rejected').waitFor();
    expect(await cancellationState(t, toReject.id)).toBe('rejected');
    await p.getByTestId('timeline').getByText('Rejected').waitFor();

    // a reply to the buyer stays in the conversation and is named on the timeline, which moves no state
    await p.getByLabel('Reply to the buyer').fill('We have already handed it to the carrier, sorry.');
    await p.getByRole('button', { name: 'Send' }).click();
    await p.getByText('Message sent').waitFor();
    await p.getByTestId('conversation').getByText('We have already handed it to the carrier, sorry.').waitFor();
    await p.reload();
    await p.getByTestId('timeline').getByText('Message in the conversation').waitFor();

    // bulk-approve the remaining three, after a confirmation with their count and total
    await p.getByRole('menuitem', { name: /Cancellations/ }).click();
    await p.getByText('Waiting (3)').waitFor();
    // the grid may first show its cached page, with the rejected request: select all once it has been read again
    await p.getByText(toReject.postingNumber).waitFor({ state: 'detached' });
    await p.getByRole('checkbox', { name: 'Select all' }).check();
    await p.getByTestId('bulk-approve').click();
    const bulk = p.getByTestId('bulk-approve-dialog');
    await bulk.getByText('Approve 3 cancellations?').waitFor();
    await bulk.getByText(/in total is refunded/).waitFor();
    await bulk.getByRole('button', { name: 'Confirm' }).click();
    await p.getByText('Waiting (0)').waitFor();
    for (const r of requests.filter((r) => r !== toReject)) expect(await cancellationState(t, r.id)).toBe('approved');
    await screenshot(p, 'cancellations-en');
  });

  it('an agent approves a return, confirms receipt, records the inspection and refunds the suggested amount', async () => {
    const opened = await returnOfAll('KETTLE', 'Kettle', 1, 500000);
    const p = await page();
    await logIn(p, email(tenant, 'seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).waitFor();
    await p.goto(`/returns/${opened.id}/show`);
    await p.getByTestId('case-title').waitFor();

    await p.getByRole('button', { name: 'Approve' }).click();
    const approve = p.getByTestId('approve-return-dialog');
    // prefilled from the seller's settings
    await approve.getByText('Moscow, Returns st. 1').waitFor();
    await approve.getByRole('button', { name: 'Approve' }).click();
    await p.getByText('Return approved').waitFor();

    await p.getByRole('button', { name: 'Confirm receipt' }).click();
    await p.getByText('Receipt confirmed').waitFor();
    const form = p.getByTestId('inspection-form');
    await form.waitFor();
    await form.getByTestId('inspection-submit').click();
    await p.getByText('Inspection recorded').waitFor();

    await p.getByRole('button', { name: 'Refund', exact: true }).click();
    const refund = p.getByTestId('refund-dialog');
    const suggested = ok(await as(stack, { token: tenant.agent }).get(`/returns/${opened.id}`)).suggestedRefund;
    expect(suggested.amount).toBeGreaterThan(0);
    await refund.getByText(/Suggested by the rules/).waitFor();
    await refund.getByRole('button', { name: 'Refund' }).click();
    await p.getByText('Refund started').waitFor();
    const after = ok(await as(stack, { token: tenant.agent }).get(`/returns/${opened.id}`));
    expect(after.state).toBe('refunded');
    expect(after.refunded).toEqual(suggested);
    await p.getByTestId('return-stepper').waitFor();
    await screenshot(p, 'return-refunded-en');
  });

  it('warehouse splits a line whose units fared differently and photographs the damaged unit: the photo stays with it, and the suggested refund counts the intact unit only', async () => {
    const channel = as(stack, { key: tenant.channelKey });
    const agent = as(stack, { token: tenant.agent });
    const opened = await returnOfAll('CUP', 'Cup', 2, 30000);
    ok(await agent.post(`/returns/${opened.id}/approve`, { returnShippingPaidBy: 'seller' }));
    ok(await channel.post(`/returns/${opened.id}/ship`, { trackingNumber: trackingNumber() }));
    ok(await agent.post('/parcels/receive', { code: opened.postingNumber }));

    const p = await page();
    await logIn(p, email(tenant, 'warehouse'));
    await p.waitForURL((url) => !url.pathname.startsWith('/login'));
    await p.goto(`/returns/${opened.id}/show`);
    const form = p.getByTestId('inspection-form');
    await form.waitFor();
    await form.getByTestId('split-CUP-0').click();
    await form.getByTestId('outcome-CUP-1').selectOption('used_or_damaged_by_buyer');
    // a change of language re-mounts the page: the half-done inspection stays as it was, in each language
    for (const [language, name] of [
      ['Русский', 'ru'],
      ['中文', 'zh'],
      ['English', 'en'],
    ] as const) {
      await chooseLanguage(p, language);
      await p.getByTestId('case-title').getByText(opened.postingNumber).waitFor();
      expect(await form.getByTestId('outcome-CUP-1').inputValue()).toBe('used_or_damaged_by_buyer');
      if (name !== 'en') await screenshot(p, `inspection-split-${name}`);
    }
    // parts that do not add up to the units that came back cannot be recorded
    await form.getByTestId('quantity-CUP-1').fill('2');
    await form.getByTestId('quantities-CUP').getByText('3 of 2 units').waitFor();
    expect(await form.getByTestId('inspection-submit').isDisabled()).toBe(true);
    await form.getByTestId('quantity-CUP-1').fill('1');
    await form.getByTestId('quantities-CUP').waitFor({ state: 'detached' });
    // the photo of the damaged unit goes with its part
    await form
      .getByTestId('line-photo-input-CUP-1')
      .setInputFiles({ name: 'cup.png', mimeType: 'image/png', buffer: PNG });
    await form.getByTestId('part-photos-CUP-1').locator('img').waitFor();
    expect(await form.getByTestId('part-photos-CUP-0').count()).toBe(0);
    await screenshot(p, 'inspection-split-en');
    await form.getByTestId('inspection-submit').click();
    await p.getByText('Inspection recorded').waitFor();

    const inspected = ok(await agent.get(`/returns/${opened.id}`));
    expect(inspected.state).toBe('inspected');
    expect(inspected.inspection).toEqual([
      expect.objectContaining({ sku: 'CUP', quantity: 1, outcome: 'intact', attachmentIds: [] }),
      expect.objectContaining({
        sku: 'CUP',
        quantity: 1,
        outcome: 'used_or_damaged_by_buyer',
        attachmentIds: [expect.any(String)],
      }),
    ]);
    expect(inspected.suggestedRefund).toEqual({ amount: 30000, currency: 'RUB' });
    expect(inspected.inspectionAttachmentIds).toEqual(inspected.inspection[1].attachmentIds);
    // the case shows the photo beside the damaged unit's outcome, not among photos of the whole return
    await p.getByTestId('inspection-of-CUP').locator('img').waitFor();
    expect(await p.getByTestId('inspection-photos').count()).toBe(0);
    for (const [language, name] of [
      ['English', 'en'],
      ['Русский', 'ru'],
      ['中文', 'zh'],
    ] as const) {
      if (name !== 'en') await chooseLanguage(p, language);
      await p.getByTestId('inspection-of-CUP').locator('img').waitFor();
      await screenshot(p, `inspection-photos-${name}`);
    }
    await chooseLanguage(p, 'English');
  });

  it('warehouse scans parcels back to back with the keyboard alone, the cursor staying in the scan field; a condition, a photo and the inspection go to the parcel just shown; an unknown code is unmatched', async () => {
    const agent = as(stack, { token: tenant.agent });
    const first = await shippedReturn();
    const second = await shippedReturn();
    const parcelOf = async (code: string) =>
      ok(await agent.get(`/parcels?filter=${encodeURIComponent(JSON.stringify({ q: code }))}`))[0];

    const p = await page();
    const focusInScan = () =>
      p.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'scan-input');
    // listening from the start: interception of file choosers is switched on before the key that opens one
    const chooser = new Promise<FileChooser>((resolve) => p.on('filechooser', resolve));
    await logIn(p, email(tenant, 'warehouse'));
    const scan = p.getByTestId('scan-input');
    await scan.waitFor();
    await focusInScan();

    await p.keyboard.type(first.tracking);
    await p.keyboard.press('Enter');
    const result = p.getByTestId('scan-result');
    await result.and(p.locator('[data-outcome=matched]')).waitFor();
    await focusInScan();
    // a barcode scanner types the next code and Enter without pause: it is a code, not keys for the first parcel
    await p.keyboard.type(second.tracking);
    await p.keyboard.press('Enter');
    // exact: until the case is read, the heading names the parcel's code too ("Matched: return <code>")
    await result.getByText(second.tracking, { exact: true }).waitFor();
    await result.and(p.locator('[data-outcome=matched]')).waitFor();
    await focusInScan();
    expect(ok(await agent.get(`/returns/${second.id}`)).state).toBe('received');
    expect(await parcelOf(first.tracking)).toMatchObject({ returnId: first.id, condition: 'intact' });

    // the keys typed alone, then Enter, apply to the parcel just shown (the second)
    await p.keyboard.type('2'); // opened
    await p.keyboard.press('Enter');
    await p.getByText('Condition saved').first().waitFor();
    await focusInScan();
    await p.keyboard.type('p');
    await p.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG });
    await p.getByTestId('photo-count').waitFor();
    await focusInScan();
    await p.keyboard.type('i');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.activeElement?.tagName === 'SELECT');
    await p.keyboard.press('Tab'); // the note
    await p.keyboard.type('box dented');
    await p.keyboard.press('Enter'); // records the inspection from the note's field
    await p.getByText('Inspection recorded').waitFor();
    await focusInScan();

    const parcel = await parcelOf(second.tracking);
    expect(parcel).toMatchObject({ returnId: second.id, condition: 'opened' });
    expect(parcel.attachmentIds).toHaveLength(1);
    const inspected = ok(await agent.get(`/returns/${second.id}`));
    expect(inspected.state).toBe('inspected');
    expect(inspected.inspection[0]).toMatchObject({ outcome: 'intact', note: 'box dented' });
    expect(await parcelOf(first.tracking)).toMatchObject({ condition: 'intact', attachmentIds: [] });
    expect(ok(await agent.get(`/returns/${first.id}`)).state).toBe('received');

    // the keys are listed under ?
    await p.keyboard.press('?');
    await p.getByTestId('shortcuts-help').getByText('The parcel just shown: opened').waitFor();
    await p.keyboard.press('Escape');
    await focusInScan();

    await p.keyboard.type('NO-SUCH-PARCEL-1');
    await p.keyboard.press('Enter');
    await result.and(p.locator('[data-outcome=unmatched]')).waitFor();
    await result.getByText('Unmatched — logged for the seller to assign').waitFor();
    await screenshot(p, 'warehouse-scan-en');
  });

  it("offers no action the api would refuse: a third compensation, shipping an order with a waiting cancellation; a return on an order in another currency is approved with a fee in the order's currency", async () => {
    const agent = as(stack, { token: tenant.agent });
    const channel = as(stack, { key: tenant.channelKey });
    const rub = (amount: number) => ({ amount, currency: 'RUB' });
    const twice = await buyerReturn(stack, tenant, await orderInStatus(stack, tenant, 'delivered'));
    for (const amount of [10_000, 15_000]) {
      ok(await agent.post(`/returns/${twice.id}/compensate`, { amount: rub(amount) }));
      ok(await channel.post(`/returns/${twice.id}/decline-compensation`));
    }
    const cancellation = await waitingCancellation(tenant);
    const cny = (amount: number) => ({ amount, currency: 'CNY' });
    const inYuan = await buyerReturn(
      stack,
      tenant,
      await orderInStatus(
        stack,
        tenant,
        'delivered',
        orderBody({
          lines: [{ sku: 'SKU-1', name: 'Phone case', quantity: 2, unitPrice: cny(5_000) }],
          paid: cny(10_000),
        }),
      ),
    );

    const p = await page();
    await logIn(p, email(tenant, 'seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).waitFor();
    await p.goto(`/returns/${twice.id}/show`);
    await p.getByRole('button', { name: 'Approve' }).waitFor();
    expect(await p.getByRole('button', { name: 'Offer compensation' }).count()).toBe(0);

    const { orderId } = ok(await agent.get(`/cancellations/${cancellation.id}`));
    await p.goto(`/orders/${orderId}/show`);
    await p.getByTestId('ship-blocked').waitFor();
    expect(await p.getByRole('button', { name: 'Mark shipped' }).isDisabled()).toBe(true);
    await screenshot(p, 'order-ship-blocked-en');

    await p.goto(`/returns/${inYuan.id}/show`);
    await p.getByRole('button', { name: 'Approve' }).click();
    const approve = p.getByTestId('approve-return-dialog');
    const fee = approve.getByLabel('Return shipping fee (CNY)');
    expect(await fee.inputValue()).toBe('0.00');
    await approve.getByRole('button', { name: 'Approve' }).click();
    await p.getByText('Return approved').waitFor();
    expect(ok(await agent.get(`/returns/${inYuan.id}`))).toMatchObject({
      state: 'approved',
      returnShippingFee: cny(0),
    });
  });

  it("dates follow the language chosen in the app, not the browser's", async () => {
    const body = orderBody();
    await orderInStatus(stack, tenant, 'pending', body);
    const p = await page('en-US');
    await logIn(p, email(tenant, 'seller_agent'));
    await p.getByRole('menuitem', { name: /Orders/ }).click();
    const row = p.getByRole('row').filter({ hasText: body.postingNumber });
    await row.getByText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M$/).waitFor();
    for (const [language, date, name] of [
      ['Русский', /^\d{1,2} [а-я]+\.? \d{4} г\., \d{2}:\d{2}$/, 'ru'],
      ['中文', /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/, 'zh'],
    ] as const) {
      await chooseLanguage(p, language);
      await row.getByText(date).waitFor();
      await screenshot(p, `orders-dates-${name}`);
    }
  });

  it("an order's page lists the parcels received for its return cases, each linked to its case", async () => {
    const { id, tracking, orderId } = await shippedReturn();
    ok(await as(stack, { token: tenant.warehouse }).post('/parcels/receive', { code: tracking, condition: 'opened' }));

    const p = await page();
    await logIn(p, email(tenant, 'seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).waitFor();
    await p.goto(`/orders/${orderId}/show`);
    await p.getByRole('heading', { name: 'Parcels received' }).waitFor();
    const row = p.getByRole('row').filter({ hasText: tracking });
    await row.getByText('Opened').waitFor();
    await screenshot(p, 'order-parcels-en');
    await row.getByRole('link').click();
    await p.waitForURL(`**/returns/${id}/show`);
    await p.getByTestId('case-title').waitFor();
  });

  it('a wrong password shows a clear, translated message', async () => {
    const p = await page('ru-RU');
    await logIn(p, email(tenant, 'seller_agent'), 'not-the-password');
    await p.getByText('Неверный e-mail или пароль.').waitFor();
    expect(new URL(p.url()).pathname).toBe('/login');
    await screenshot(p, 'wrong-password-ru');
  });

  it('an expired token returns to the login page with a notice', async () => {
    const p = await page();
    await logIn(p, email(tenant, 'seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).waitFor();
    const expired = new JwtService({ secret: stack.config.jwtSecret }).sign({
      sub: 'someone',
      role: 'seller_agent',
      sellerId: tenant.sellerId,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    await p.evaluate((token) => sessionStorage.setItem('aftersale.token', token), expired);
    await p.goto('/cancellations');
    await p.getByTestId('session-expired').waitFor();
    expect(new URL(p.url()).pathname).toBe('/login');
    await screenshot(p, 'session-expired-en');
  });

  it("a user of one seller opening another seller's case by URL sees not found, not the case", async () => {
    const other = await createTenant(stack);
    const theirs = await waitingCancellation(other);
    const p = await page();
    await logIn(p, email(tenant, 'seller_agent'));
    await p.getByRole('menuitem', { name: /Cancellations/ }).waitFor();
    await p.goto(`/cancellations/${theirs.id}/show`);
    await p.getByText('Not found: there is no such record for your account.').waitFor();
    expect(await p.getByText(theirs.postingNumber).count()).toBe(0);
    await screenshot(p, 'other-seller-not-found-en');
  });

  it.each([
    [
      'ru-RU',
      'ru',
      'Русский',
      'Отмены',
      'Ждут решения',
      'Это уже невозможно: заявка перешла в статус «Отозвана». Страница обновлена.',
      'Одобрить',
    ],
    ['zh-CN', 'zh', '中文', '取消申请', '待处理', '已无法执行：该申请已变为“已撤回”。页面已刷新。', '批准'],
  ])(
    'in %s the menu, the list and a problem message are translated',
    async (browserLocale, name, language, menu, tab, problem, approve) => {
      const request = await waitingCancellation(tenant);
      const p = await page(browserLocale);
      await logIn(p, email(tenant, 'seller_agent'));
      // the app bar names the language chosen from the browser's (on a wide screen; a phone shows the icon)
      const languageButton = p.getByRole('button', { name: language });
      expect(await languageButton.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(0);
      await p.getByRole('menuitem', { name: new RegExp(menu) }).click();
      await p.getByText(new RegExp(`^${tab} \\(\\d+\\)$`)).waitFor();
      await p.getByText(request.postingNumber).waitFor();
      await screenshot(p, `cancellations-list-${name}`);

      // the buyer withdraws while the page is open: approving is refused, and the problem is shown translated.
      // The page first shows the list's copy of the request, then its own read; the withdrawal waits for that read,
      // or a slow read would bring the withdrawn state and take the Approve button away before it is clicked
      const ownRead = p.waitForResponse(
        (response) =>
          response.request().method() === 'GET' &&
          new URL(response.url()).pathname === `/api/v1/cancellations/${request.id}`,
      );
      await p.getByText(request.postingNumber).click();
      await p.getByTestId('case-title').waitFor();
      await ownRead;
      ok(await as(stack, { key: tenant.channelKey }).post(`/cancellations/${request.id}/withdraw`));
      await p.getByRole('button', { name: approve }).click();
      await p.getByTestId('approve-dialog').getByRole('button', { name: approve }).click();
      // on a loaded machine the refusal can come late: an answer after the stack's wait is a 202, whose outcome the
      // console polls with a growing delay, and its notice waits behind the "in progress" one
      await p
        .getByText(problem)
        .waitFor({ timeout: 60_000 })
        .catch(async (error) => {
          await screenshot(p, `problem-${name}-not-shown`);
          throw error;
        });
      await screenshot(p, `problem-${name}`);
    },
  );
});

/** A 1×1 PNG: the api checks uploads by their bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
