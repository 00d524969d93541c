import { randomUUID } from 'node:crypto';
import {
  appendMessage,
  findMarketplaceLink,
  marketplaceChatCase,
  saveMarketplaceLink,
} from '@aftersale/server/persistence';
import { as, eventually, ok } from './support/fixtures';
import { OzonSuite, startOzonSuite } from './support/ozon-fixtures';

/**
 * Ozon chats → the case's conversation (docs/ozon.md#import): the buyer's messages about an imported posting become
 * messages on that order's case, once each, however often the account is imported; a person's reply on such a case
 * goes to the buyer through Ozon's chat (docs/ozon.md#push), and one Ozon refuses is kept with Ozon's answer.
 */
describe('Ozon chats and the cases’ conversations', () => {
  let ozon: OzonSuite;
  const messagesFromOzon = async () =>
    (await ozon.stack.dataSource.query(
      `SELECT m.case_type, m.case_id, m.body, m.author FROM messages m
        WHERE m.seller_id = $1 AND m.author->>'name' = 'Ozon: buyer' ORDER BY m.created_at, m.body`,
      [ozon.shop.sellerId],
    )) as { case_type: string; case_id: string; body: string; author: { kind: string; name: string } }[];

  beforeAll(async () => {
    ozon = await startOzonSuite('chats-suite-api-key');
    await ozon.sync();
  });
  afterAll(() => ozon.close());

  it('puts each buyer’s message on the case of its posting’s order, shown in the case’s thread', async () => {
    const chats = [...ozon.account().chats.values()];
    const expected = chats.flatMap((c) => c.messages.filter((m) => m.user.type === 'Customer').map((m) => m.data[0]));
    const imported = await messagesFromOzon();
    expect(imported.map((m) => m.body).sort()).toEqual([...expected].sort());
    expect(imported.every((m) => m.author.kind === 'channel')).toBe(true);

    const returnMessage = imported.find((m) => m.body.includes('Чайник'))!;
    expect(returnMessage.case_type).toBe('return');
    const thread = ok(
      await as(ozon.stack, { token: ozon.shop.agent }).get(
        `/messages?filter=${encodeURIComponent(JSON.stringify({ caseType: 'return', caseId: returnMessage.case_id }))}`,
      ),
    );
    expect(JSON.stringify(thread)).toContain('Чайник пришёл с трещиной');
  });

  it('adds a new message once: importing again adds nothing more', async () => {
    const before = (await messagesFromOzon()).length;
    const chat = [...ozon.account().chats.values()][0];
    ozon.sim.store.postMessage(chat, 'Customer', 'Есть новости по заявке?');
    await ozon.sync();
    await ozon.sync();
    const after = await messagesFromOzon();
    expect(after).toHaveLength(before + 1);
    expect(after.filter((m) => m.body === 'Есть новости по заявке?')).toHaveLength(1);
    expect(ozon.sim.violations).toEqual([]);
  });

  it('adds a message once when two runs of the import overlap: the second waits for the first’s link', async () => {
    const chat = [...ozon.account().chats.values()][0];
    const body = 'Два импорта одновременно';
    const message = ozon.sim.store.postMessage(chat, 'Customer', body);
    const externalId = `${chat.chat_id}/${message.message_id}`;
    const { sellerId } = ozon.shop;

    // a first run, in the middle of importing the message: its link and message written, not committed yet
    const first = ozon.stack.dataSource.createQueryRunner();
    try {
      await first.startTransaction();
      expect(await findMarketplaceLink(first, sellerId, 'chat-message', externalId)).toBeNull();
      const target = (await marketplaceChatCase(first, sellerId, chat.posting_number))!;
      const posted = await appendMessage(first.manager, {
        sellerId,
        caseType: target.caseType,
        caseId: target.caseId,
        orderId: target.orderId,
        author: { kind: 'channel', id: sellerId, name: 'Ozon: buyer' },
        body,
      });
      await saveMarketplaceLink(first, sellerId, 'chat-message', externalId, posted.id, 'received');
      const [{ pid }] = await first.query(`SELECT pg_backend_pid() AS pid`);

      const second = ozon.sync();
      await eventually(
        async () =>
          (
            await ozon.stack.dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [
              pid,
            ])
          ).length > 0,
        20_000,
      );
      await first.commitTransaction();
      await second;
    } finally {
      if (first.isTransactionActive) await first.rollbackTransaction();
      await first.release();
    }

    expect((await messagesFromOzon()).filter((m) => m.body === body)).toHaveLength(1);
  });

  /** a cancellation request opened from one of Ozon's requests, and its posting */
  async function ozonRequest(index: number) {
    const rows = (await ozon.stack.dataSource.query(
      `SELECT c.id, c.posting_number FROM cancellation_requests c
         JOIN marketplace_links l ON l.local_id = c.id AND l.kind = 'cancellation'
        WHERE c.seller_id = $1 ORDER BY c.posting_number`,
      [ozon.shop.sellerId],
    )) as { id: string; posting_number: string }[];
    return rows[index];
  }
  const replyLink = async (messageId: string) =>
    (
      await ozon.stack.dataSource.query(
        `SELECT external_state, push_state, push_error FROM marketplace_links WHERE kind = 'chat-message' AND local_id = $1`,
        [messageId],
      )
    )[0] as { external_state: string | null; push_state: string; push_error: string | null } | undefined;
  const reply = async (caseId: string, body: string) =>
    ok(
      await as(ozon.stack, { token: ozon.shop.agent }).post('/messages', { caseType: 'cancellation', caseId, body }),
      201,
    ).id as string;

  it('sends a person’s reply on an Ozon-born case to the buyer through Ozon’s chat of the posting, once', async () => {
    const request = await ozonRequest(0);
    const messageId = await reply(request.id, 'Здравствуйте! Заказ уже собран, но мы его отменим.');
    expect(await replyLink(messageId)).toBeUndefined(); // sending: no answer from Ozon yet
    const caseView = async () =>
      ok(await as(ozon.stack, { token: ozon.shop.agent }).get(`/cancellations/${request.id}`));
    expect((await caseView()).marketplace.replies).toMatchObject({ sending: 1, accepted: 0 });
    await ozon.scan();
    const link = await eventually(async () => {
      const current = await replyLink(messageId);
      return current?.push_state === 'accepted' && current;
    }, 20_000);
    const chat = [...ozon.account().chats.values()].find((c) => c.posting_number === request.posting_number)!;
    expect(link.external_state).toBe(chat.chat_id);
    const sent = chat.messages.filter((m) => m.user.type === 'Seller');
    expect(sent.map((m) => m.data[0])).toEqual(['Здравствуйте! Заказ уже собран, но мы его отменим.']);
    expect((await caseView()).marketplace.replies).toMatchObject({
      sending: 0,
      accepted: 1,
      messages: [{ messageId, push: 'accepted', error: null }],
    });

    // scanning and importing again send nothing more, and the reply never comes back as the buyer's
    await ozon.scan();
    await ozon.sync();
    await ozon.settled();
    expect(chat.messages.filter((m) => m.user.type === 'Seller')).toHaveLength(1);
    expect((await messagesFromOzon()).some((m) => m.body.includes('Заказ уже собран'))).toBe(false);
  });

  it('sends a reply whose answer Ozon lost once: the next attempt finds it in the chat instead of sending it again', async () => {
    const request = await ozonRequest(0);
    const body = 'Отменим заказ сегодня же.';
    const messageId = await reply(request.id, body);
    ozon.sim.faults.push({ kind: 'answer-lost', times: 1, path: '/v1/chat/send/message' });
    await ozon.scan();
    await eventually(async () => (await replyLink(messageId))?.push_state === 'accepted', 20_000);
    const chat = [...ozon.account().chats.values()].find((c) => c.posting_number === request.posting_number)!;
    expect(chat.messages.filter((m) => m.user.type === 'Seller' && m.data[0] === body)).toHaveLength(1);
    const sends = ozon.sim.requests.filter(
      (r) => r.path === '/v1/chat/send/message' && (r.body as { text?: string }).text === body,
    );
    expect(sends.map((r) => r.status)).toEqual([0]); // the one send, whose answer was lost
  });

  it('keeps a reply Ozon refuses with Ozon’s answer, never dropped', async () => {
    const request = await ozonRequest(1);
    ozon.account().postings.delete(request.posting_number); // Ozon no longer knows the posting: it refuses the chat
    const messageId = await reply(request.id, 'Ответ, который Ozon не примет');
    await ozon.scan();
    const link = await eventually(async () => {
      const current = await replyLink(messageId);
      return current?.push_state === 'refused' && current;
    }, 20_000);
    expect(link.push_error).toBeTruthy();
    const view = ok(await as(ozon.stack, { token: ozon.shop.agent }).get(`/cancellations/${request.id}`));
    expect(view.marketplace.replies).toMatchObject({ refused: 1, lastError: link.push_error });
    expect(view.marketplace.replies.messages).toEqual([{ messageId, push: 'refused', error: link.push_error }]);
  });

  it('shows a reply the push never sent within its 7 days as failed, not as sending forever', async () => {
    const request = await ozonRequest(2);
    // a person's reply written eight days ago (the account connected before), while the worker was away
    await ozon.stack.dataSource.query(
      `UPDATE marketplace_connections SET created_at = now() - interval '9 days' WHERE seller_id = $1`,
      [ozon.shop.sellerId],
    );
    const messageId = randomUUID();
    await ozon.stack.dataSource.query(
      `INSERT INTO messages (id, seller_id, case_type, case_id, author, body, attachment_ids, created_at)
       VALUES ($1, $2, 'cancellation', $3, $4, 'Ответ, пролежавший неделю', '[]', now() - interval '8 days')`,
      [messageId, ozon.shop.sellerId, request.id, JSON.stringify({ kind: 'user', id: randomUUID(), name: 'agent' })],
    );
    await ozon.scan();
    expect(await replyLink(messageId)).toBeUndefined();
    const view = ok(await as(ozon.stack, { token: ozon.shop.agent }).get(`/cancellations/${request.id}`));
    expect(view.marketplace.replies.messages).toContainEqual({
      messageId,
      push: 'failed',
      error: 'Not sent: replies are sent to Ozon within 7 days of being written',
    });
    expect(view.marketplace.replies.sending).toBe(0);
  });

  it('shows each reply on an Ozon return case with where it stands with Ozon’s chat (GET /returns/:id)', async () => {
    const [returnCase] = (await ozon.stack.dataSource.query(
      `SELECT r.id FROM return_cases r JOIN marketplace_links l ON l.local_id = r.id AND l.kind = 'return'
        WHERE r.seller_id = $1 AND r.state = 'requested' ORDER BY r.created_at LIMIT 1`,
      [ozon.shop.sellerId],
    )) as { id: string }[];
    const agent = as(ozon.stack, { token: ozon.shop.agent });
    const messageId = ok(
      await agent.post('/messages', { caseType: 'return', caseId: returnCase.id, body: 'Пришлите, пожалуйста, фото.' }),
      201,
    ).id as string;
    expect(ok(await agent.get(`/returns/${returnCase.id}`)).marketplace.replies.messages).toEqual([
      { messageId, push: 'sending', error: null },
    ]);
    await ozon.scan();
    await eventually(async () => (await replyLink(messageId))?.push_state === 'accepted', 20_000);
    expect(ok(await agent.get(`/returns/${returnCase.id}`)).marketplace.replies).toMatchObject({
      sending: 0,
      accepted: 1,
      messages: [{ messageId, push: 'accepted', error: null }],
    });
  });
});
