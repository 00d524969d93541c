import {
  OzonApiError,
  OzonClient,
  OzonClientOptions,
  OzonOpenApiValidator,
  OzonPath,
  PerSellerRateLimiter,
} from '@aftersale/server/ozon';
import { OzonSimulator } from './ozon-simulator';
import { DEMO_API_KEY, DEMO_CLIENT_ID } from './sim-scenarios';

const validator = new OzonOpenApiValidator();

describe('the Ozon client against the Ozon simulator', () => {
  let sim: OzonSimulator;
  let baseUrl: string;
  let requestErrors: string[];
  const sent = new Set<OzonPath>();

  const clientFor = (options: Partial<OzonClientOptions> = {}) =>
    new OzonClient({
      baseUrl,
      credentials: { clientId: DEMO_CLIENT_ID, apiKey: DEMO_API_KEY },
      rateLimiter: new PerSellerRateLimiter(10_000),
      baseDelayMs: 1,
      maxDelayMs: 5,
      onRequest: (path, body) => {
        sent.add(path);
        requestErrors.push(...validator.request(path, body).map((e) => `${path}: ${e}`));
      },
      ...options,
    });

  const sim_ = (path: string, body: unknown = {}) =>
    fetch(`${baseUrl}/__sim${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json());

  beforeAll(async () => {
    sim = new OzonSimulator({ validateResponses: true, scenario: 'demo' });
    baseUrl = `http://127.0.0.1:${await sim.listen(0)}`;
  });
  beforeEach(() => {
    sim.reset('demo');
    requestErrors = [];
  });
  afterEach(() => {
    // every answer the simulator gave and every request the client sent matches Ozon's document
    expect(sim.violations).toEqual([]);
    expect(requestErrors).toEqual([]);
  });
  afterAll(async () => {
    await sim.close();
    // the suite as a whole exercised every path of the document
    expect(validator.paths().filter((p) => !sent.has(p))).toEqual([]);
  });

  it('lists FBS postings page by page with has_next and reads one posting', async () => {
    const client = clientFor();
    const window = { since: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
    const first = await client.call('/v3/posting/fbs/list', { filter: window, limit: 5, offset: 0, dir: 'ASC' });
    expect(first.result?.postings).toHaveLength(5);
    expect(first.result?.has_next).toBe(true);
    const rest = await client.call('/v3/posting/fbs/list', { filter: window, limit: 100, offset: 5, dir: 'ASC' });
    expect(rest.result?.has_next).toBe(false);
    expect((first.result?.postings?.length ?? 0) + (rest.result?.postings?.length ?? 0)).toBe(12);

    const number = first.result!.postings![0].posting_number!;
    const one = await client.call('/v3/posting/fbs/get', { posting_number: number });
    expect(one.result?.posting_number).toBe(number);
    expect(one.result?.products?.[0].price).toMatch(/^\d+\.\d{2}$/);

    const unfulfilled = await client.call('/v3/posting/fbs/unfulfilled/list', {
      filter: { cutoff_from: '2020-01-01T00:00:00Z', cutoff_to: '2100-01-01T00:00:00Z' },
      limit: 100,
      offset: 0,
    });
    expect(
      unfulfilled.result?.postings?.every((p) => ['awaiting_packaging', 'awaiting_deliver'].includes(p.status!)),
    ).toBe(true);
  });

  it('lists conditional cancellations by last_id with the ON_APPROVAL counter', async () => {
    const client = clientFor();
    const first = await client.call('/v2/conditional-cancellation/list', {
      filters: { state: 'ALL' },
      limit: 2,
      with: { counter: true },
    });
    expect(first.counter).toBe(3);
    expect(first.result).toHaveLength(2);
    const next = await client.call('/v2/conditional-cancellation/list', {
      filters: { state: 'ALL' },
      limit: 2,
      last_id: first.last_id,
    });
    expect(next.result).toHaveLength(1);
    expect(next.result![0].cancellation_id).toBeGreaterThan(first.last_id!);
  });

  it('approving a conditional cancellation cancels the posting; rejecting leaves it to be delivered', async () => {
    const client = clientFor();
    const { result } = await client.call('/v2/conditional-cancellation/list', {
      filters: { state: 'ON_APPROVAL' },
      limit: 10,
    });
    const [approve, reject] = result!;
    await client.call('/v2/conditional-cancellation/approve', {
      cancellation_id: approve.cancellation_id!,
      comment: 'ok',
    });
    await client.call('/v2/conditional-cancellation/reject', {
      cancellation_id: reject.cancellation_id!,
      comment: 'уже отгружен',
    });

    const approved = await client.call('/v3/posting/fbs/get', { posting_number: approve.posting_number! });
    expect(approved.result?.status).toBe('cancelled');
    const rejected = await client.call('/v3/posting/fbs/get', { posting_number: reject.posting_number! });
    expect(rejected.result?.status).toBe('awaiting_deliver');
    // a decided request cannot be decided again: Ozon refuses, the client does not retry
    await expect(
      client.call('/v2/conditional-cancellation/approve', { cancellation_id: reject.cancellation_id! }),
    ).rejects.toMatchObject({ kind: 'refused', status: 400 });
  });

  it('approves an unanswered request at its auto_approve_date (Ozon moves ON_APPROVAL to APPROVED)', async () => {
    const client = clientFor();
    sim.store.advance(4 * 24 * 3600 * 1000);
    const after = await client.call('/v2/conditional-cancellation/list', {
      filters: { state: 'ON_APPROVAL' },
      limit: 10,
      with: { counter: true },
    });
    expect(after.counter).toBe(0);
    const approved = await client.call('/v2/conditional-cancellation/list', {
      filters: { state: 'APPROVED' },
      limit: 10,
    });
    expect(approved.result?.map((c) => c.approve_comment)).toEqual(Array(3).fill('Автоматически одобрено'));
  });

  it('cancels a posting for the seller with Ozon reason ids, 402 only with a message', async () => {
    const client = clientFor();
    const reasons = await client.call('/v2/posting/fbs/cancel-reason/list', {});
    expect(reasons.result?.map((r) => r.id)).toEqual(expect.arrayContaining([352, 400, 401, 402, 665, 666, 667]));
    const list = await client.call('/v3/posting/fbs/list', {
      filter: { since: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', status: 'awaiting_packaging' },
      limit: 10,
      offset: 0,
    });
    const [first, second] = list.result!.postings!.map((p) => p.posting_number!);
    const related = await client.call('/v1/posting/fbs/cancel-reason', { related_posting_numbers: [first] });
    expect(related.result?.[0].reasons?.map((r) => r.id)).not.toContain(665);

    await expect(
      client.call('/v2/posting/fbs/cancel', { posting_number: first, cancel_reason_id: 402 }),
    ).rejects.toMatchObject({ kind: 'refused' });
    await client.call('/v2/posting/fbs/cancel', { posting_number: first, cancel_reason_id: 352 });
    await client.call('/v2/posting/fbs/cancel', {
      posting_number: second,
      cancel_reason_id: 402,
      cancel_reason_message: 'Нет упаковки',
    });
    const one = await client.call('/v3/posting/fbs/get', { posting_number: first });
    expect(one.result?.status).toBe('cancelled');
    expect(one.result?.cancellation?.cancel_reason_id).toBe(352);
  });

  it('walks an rFBS return New → verify → Delivering → receive-return → Checkout → return-money → Approved', async () => {
    const client = clientFor();
    const list = await client.call('/v2/returns/rfbs/list', { filter: { group_state: ['New'] }, limit: 10 });
    expect(list.returns).toHaveLength(3);
    const id = list.returns![0].return_id!;
    const fresh = await client.call('/v2/returns/rfbs/get', { return_id: id });
    expect(fresh.returns?.available_actions?.map((a) => a.id)).toEqual([1, 3, 4, 2]);

    await client.call('/v2/returns/rfbs/verify', { return_id: id, return_method_description: 'Почта России' });
    expect((await client.call('/v2/returns/rfbs/get', { return_id: id })).returns?.state?.state).toBe('Delivering');
    await client.call('/v2/returns/rfbs/receive-return', { return_id: id });
    await client.call('/v2/returns/rfbs/return-money', { return_id: id, return_for_back_way: 0 });
    const done = await client.call('/v2/returns/rfbs/list', { filter: { group_state: ['Approved'] }, limit: 10 });
    expect(done.returns?.map((r) => r.return_id)).toEqual([id]);
  });

  it('a defect return carries the buyer photos as URLs the connector can download', async () => {
    const client = clientFor();
    const list = await client.call('/v2/returns/rfbs/list', { filter: {}, limit: 10 });
    const details = await Promise.all(
      list.returns!.map((r) => client.call('/v2/returns/rfbs/get', { return_id: r.return_id! })),
    );
    const defect = details.find((d) => d.returns?.return_reason?.is_defect)!;
    expect(defect.returns?.client_photo).toHaveLength(2);
    const photo = await fetch(defect.returns!.client_photo![0]);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await photo.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('compensation is offered at most twice and at least 1 RUB below the price; reject needs a known reason', async () => {
    const client = clientFor();
    const list = await client.call('/v2/returns/rfbs/list', { filter: { group_state: ['New'] }, limit: 10 });
    const id = list.returns![0].return_id!;
    const price = Number(list.returns![0].product!.price);
    await expect(
      client.call('/v2/returns/rfbs/compensate', { return_id: id, compensation_amount: String(price - 0.5) }),
    ).rejects.toMatchObject({ kind: 'refused' });
    await client.call('/v2/returns/rfbs/compensate', { return_id: id, compensation_amount: '100' });
    await sim_(`/returns/${id}/compensation`, { accept: false });
    await client.call('/v1/returns/rfbs/action/set', { return_id: id, id: 4, compensation_amount: 200 });
    await sim_(`/returns/${id}/compensation`, { accept: false });
    const after = await client.call('/v2/returns/rfbs/get', { return_id: id });
    expect(after.returns?.available_actions?.map((a) => a.id)).not.toContain(4);

    await expect(
      client.call('/v2/returns/rfbs/reject', { return_id: id, rejection_reason_id: 3 }),
    ).rejects.toMatchObject({ kind: 'refused' });
    await client.call('/v2/returns/rfbs/reject', { return_id: id, rejection_reason_id: 3, comment: 'Следы носки' });
    expect((await client.call('/v2/returns/rfbs/get', { return_id: id })).returns?.state?.state).toBe('Rejected');
  });

  it('lists FBS returns and reads chats by posting: start, history, send message and file', async () => {
    const client = clientFor();
    const postings = await client.call('/v3/posting/fbs/list', {
      filter: { since: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', status: 'delivering' },
      limit: 10,
      offset: 0,
    });
    const delivering = postings.result!.postings![0].posting_number!;
    await client.call('/v2/posting/fbs/cancel', { posting_number: delivering, cancel_reason_id: 667 });
    const returns = await client.call('/v1/returns/list', { filter: { posting_numbers: [delivering] }, limit: 10 });
    expect(returns.returns?.[0].posting_number).toBe(delivering);

    const chats = await client.call('/v3/chat/list', { limit: 10 });
    expect(chats.total_unread_count).toBe(2);
    // page by page with the cursor Ozon gives, each chat once
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const answer = await client.call('/v3/chat/list', { limit: 1, ...(cursor ? { cursor } : {}) });
      paged.push(...(answer.chats ?? []).map((c) => c.chat?.chat_id ?? ''));
      cursor = answer.has_next ? answer.cursor : undefined;
    } while (cursor);
    expect(paged).toEqual((chats.chats ?? []).map((c) => c.chat?.chat_id ?? ''));
    expect(paged.length).toBeGreaterThan(1);
    const defect = sim.store.account(DEMO_CLIENT_ID).chats.values().next().value!;
    const started = await client.call('/v1/chat/start', { posting_number: defect.posting_number });
    expect(started.result?.chat_id).toBe(defect.chat_id);
    await client.call('/v1/chat/send/message', { chat_id: defect.chat_id, text: 'Пришлите, пожалуйста, фото коробки' });
    await client.call('/v1/chat/send/file', {
      chat_id: defect.chat_id,
      name: 'label.png',
      base64_content: 'iVBORw0KGgo=',
    });
    const history = await client.call('/v3/chat/history', { chat_id: defect.chat_id, direction: 'Forward', limit: 10 });
    expect(history.messages?.map((m) => m.user?.type)).toEqual(['Customer', 'Seller', 'Seller']);
    expect(history.messages?.[0].context?.order_number).toBeTruthy();
  });

  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    sim.faults.push({ kind: 'rate-limit', times: 2 }, { kind: 'server-error', times: 1 });
    const waits: number[] = [];
    const client = clientFor({ sleep: async (ms) => void waits.push(ms) });
    const reasons = await client.call('/v2/posting/fbs/cancel-reason/list', {});
    expect(reasons.result?.length).toBeGreaterThan(0);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 429, 503, 200]);
    // a 429 asks for Retry-After: 1 s, which the client honours over its own (tiny) backoff
    expect(waits).toEqual([1000, 1000, expect.any(Number)]);
  });

  it('gives up after its attempts with the kind a connection status shows', async () => {
    sim.faults.push({ kind: 'server-error' });
    await expect(clientFor({ maxAttempts: 3 }).call('/v3/chat/list', { limit: 1 })).rejects.toMatchObject({
      kind: 'unreachable',
      status: 503,
    });
    expect(sim.requests).toHaveLength(3);
    sim.faults = [{ kind: 'rate-limit' }];
    await expect(
      clientFor({ maxAttempts: 2, sleep: async () => undefined }).call('/v3/chat/list', { limit: 1 }),
    ).rejects.toMatchObject({ kind: 'rate-limited' });
  });

  it('bad credentials are not retried and never echo the Api-Key', async () => {
    const client = clientFor({ credentials: { clientId: DEMO_CLIENT_ID, apiKey: 'wrong-secret-key' } });
    const error = await client.call('/v3/chat/list', { limit: 1 }).catch((e: OzonApiError) => e);
    expect(error).toBeInstanceOf(OzonApiError);
    expect((error as OzonApiError).kind).toBe('bad-credentials');
    expect(String((error as OzonApiError).message)).not.toContain('wrong-secret-key');
    expect(sim.requests).toHaveLength(1);
    sim.faults.push({ kind: 'bad-credentials', times: 1 });
    await expect(clientFor().call('/v3/chat/list', { limit: 1 })).rejects.toMatchObject({ kind: 'bad-credentials' });
  });

  it('a call Ozon does not answer in time counts as unreachable', async () => {
    sim.faults.push({ kind: 'timeout', delayMs: 500, times: 1 });
    await expect(
      clientFor({ timeoutMs: 100, maxAttempts: 1 }).call('/v3/chat/list', { limit: 1 }),
    ).rejects.toMatchObject({
      kind: 'unreachable',
    });
  });

  it('a call whose answer is lost is applied on Ozon’s side and counts as unreachable; its repeat is refused', async () => {
    const request = [...sim.store.account(DEMO_CLIENT_ID).cancellations.values()].find(
      (c) => c.state === 'ON_APPROVAL',
    )!;
    sim.faults.push({ kind: 'answer-lost', times: 1, path: '/v2/conditional-cancellation/approve' });
    const approve = () =>
      clientFor({ maxAttempts: 1 }).call('/v2/conditional-cancellation/approve', {
        cancellation_id: request.cancellation_id,
      });
    await expect(approve()).rejects.toMatchObject({ kind: 'unreachable' });
    expect(request.state).toBe('APPROVED');
    expect(sim.requests.at(-1)).toMatchObject({ path: '/v2/conditional-cancellation/approve', status: 0 });
    await expect(approve()).rejects.toMatchObject({ kind: 'refused' });
  });

  it('an answer whose body is cut off counts as unreachable and is retried, never read as an empty success', async () => {
    sim.faults.push({ kind: 'answer-cut', times: 1, path: '/v3/chat/list' });
    await expect(clientFor({ maxAttempts: 1 }).call('/v3/chat/list', { limit: 1 })).rejects.toMatchObject({
      kind: 'unreachable',
    });
    sim.faults.push({ kind: 'answer-cut', times: 1, path: '/v3/chat/list' });
    const listed = await clientFor().call('/v3/chat/list', { limit: 1 });
    expect(listed.chats).toHaveLength(1);
  });

  it('sends a call only once when asked to (a chat message): an answer lost is not followed by a second send', async () => {
    sim.faults.push({ kind: 'server-error', times: 1 });
    await expect(clientFor().call('/v2/posting/fbs/cancel-reason/list', {}, { once: true })).rejects.toMatchObject({
      kind: 'unreachable',
    });
    expect(sim.requests).toHaveLength(1);
  });

  it('refuses a request that does not match the document, as Ozon does', async () => {
    const client = clientFor({ onRequest: undefined });
    await expect(client.call('/v2/returns/rfbs/get', {} as never)).rejects.toMatchObject({
      kind: 'refused',
      status: 400,
    });
  });
});
