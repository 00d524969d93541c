import { as, ok } from './support/fixtures';
import { OzonSuite, startOzonSuite } from './support/ozon-fixtures';

/**
 * Ozon chats → the case's conversation (docs/ozon.md#import): the buyer's messages about an imported posting become
 * messages on that order's case, once each, however often the account is imported.
 */
describe('importing Ozon chats into the cases’ conversations', () => {
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
});
