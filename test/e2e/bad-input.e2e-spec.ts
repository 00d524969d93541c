import { randomUUID } from 'node:crypto';
import {
  Answer,
  as,
  contentRangeTotal,
  countRows,
  createOps,
  createTenant,
  expectProblem,
  orderBody,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

describe('bad input (docs/api.md#errors, #reading-react-admin-simple-rest-convention) is refused with a problem and changes nothing', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let channel: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let ops: ReturnType<typeof as>;
  let processingOrderId: string;

  beforeAll(async () => {
    // a short wait, so a command the worker cannot finish shows up as a 202 quickly
    stack = await startStack({ commandWaitMs: 2000 });
    tenant = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    agent = as(stack, { token: tenant.agent });
    admin = as(stack, { token: tenant.admin });
    ops = as(stack, { token: await createOps(stack) });
    processingOrderId = await orderInStatus(stack, tenant, 'processing');
  });
  afterAll(() => stack.close());

  /** What a refusal must leave as it was: the seller's orders, cancellations, refunds and commands. */
  async function footprint() {
    const [orders, cancellations, refunds, commands] = await Promise.all([
      countRows(stack, `orders WHERE seller_id = $1`, [tenant.sellerId]),
      countRows(stack, `cancellation_requests WHERE seller_id = $1`, [tenant.sellerId]),
      countRows(stack, `refunds WHERE seller_id = $1`, [tenant.sellerId]),
      countRows(stack, `commands WHERE seller_id = $1 AND state = 'succeeded'`, [tenant.sellerId]),
    ]);
    const listed = contentRangeTotal(await agent.get('/orders'));
    return { orders, cancellations, refunds, commands, listed };
  }

  const fieldsOf = (response: Answer): string[] => (response.body.errors ?? []).map((e: { field: string }) => e.field);

  const rawPost = (path: string, raw: string, contentType = 'application/json') =>
    stack.http.post(`/api/v1${path}`).set('X-Api-Key', tenant.channelKey).set('Content-Type', contentType).send(raw);

  it('a malformed JSON body is 400 validation-failed as a problem document', async () => {
    const before = await footprint();
    for (const raw of ['{"postingNumber": "X-1",', '{bad json}', 'null x', '[1,2']) {
      const response = await rawPost('/orders', raw);
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors?.length).toBeGreaterThan(0);
    }
    expectProblem(await rawPost('/cancellations', '{"orderId":'), 400, 'validation-failed');
    expect(await footprint()).toEqual(before);
  });

  it('missing fields are 400 with errors[] naming each field', async () => {
    const before = await footprint();
    const { postingNumber: _p, lines: _l, ...withoutTwo } = orderBody();
    const response = await channel.post('/orders', withoutTwo);
    expectProblem(response, 400, 'validation-failed');
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['postingNumber', 'lines']));

    const noLines = await channel.post('/orders', orderBody({ lines: [] }));
    expectProblem(noLines, 400, 'validation-failed');
    expect(fieldsOf(noLines)).toContain('lines');

    const nested = await channel.post(
      '/orders',
      orderBody({ buyer: {}, lines: [{ sku: 'S', quantity: 0, unitPrice: { amount: 1, currency: 'RUB' } }] }),
    );
    expectProblem(nested, 400, 'validation-failed');
    expect(fieldsOf(nested)).toEqual(expect.arrayContaining(['buyer.name', 'lines.0.name', 'lines.0.quantity']));

    const noReason = await channel.post('/cancellations', { orderId: processingOrderId });
    expectProblem(noReason, 400, 'validation-failed');
    expect(fieldsOf(noReason)).toContain('reasonId');
    const emptyBody = await channel.post('/cancellations');
    expectProblem(emptyBody, 400, 'validation-failed');
    expect(fieldsOf(emptyBody)).toEqual(expect.arrayContaining(['orderId', 'reasonId']));
    expect(await footprint()).toEqual(before);
  });

  it("a missing nested object (paid, buyer, a line's unitPrice) is 400 naming it at the door, never accepted for the worker to trip over", async () => {
    const before = await footprint();
    const { paid: _paid, ...noPaid } = orderBody();
    const { buyer: _buyer, ...noBuyer } = orderBody();
    const noUnitPrice = orderBody({ lines: [{ sku: 'S', name: 'N', quantity: 1 }] });
    const answers: string[] = [];
    for (const [body, field] of [
      [noPaid, 'paid'],
      [noBuyer, 'buyer'],
      [noUnitPrice, 'lines.0.unitPrice'],
    ] as const) {
      const response = await channel.post('/orders', body);
      const named = fieldsOf(response).some((f) => f === field || f.startsWith(`${field}.`));
      answers.push(
        `${field}: ${response.status} ${response.body.code ?? (response.body as { state?: string }).state} ${named ? 'named' : 'not named'}`,
      );
    }
    expect(answers).toEqual([
      'paid: 400 validation-failed named',
      'buyer: 400 validation-failed named',
      'lines.0.unitPrice: 400 validation-failed named',
    ]);
    expect(await footprint()).toEqual(before);
  }, 20000);

  it('unknown fields are 400 naming the field', async () => {
    const before = await footprint();
    const top = await channel.post('/orders', orderBody({ isAdmin: true }));
    expectProblem(top, 400, 'validation-failed');
    expect(fieldsOf(top)).toContain('isAdmin');
    const deep = await channel.post('/orders', orderBody({ paid: { amount: 100000, currency: 'RUB', fx: 1 } }));
    expectProblem(deep, 400, 'validation-failed');
    expect(fieldsOf(deep).join(' ')).toMatch(/fx/);
    const cancel = await channel.post('/cancellations', {
      orderId: processingOrderId,
      reasonId: 'changed-mind',
      state: 'approved',
    });
    expectProblem(cancel, 400, 'validation-failed');
    expect(fieldsOf(cancel)).toContain('state');
    expect(await footprint()).toEqual(before);
  });

  it('wrong types and money formats are 400: a currency that is not an ISO code, fractional or negative minor units', async () => {
    const before = await footprint();
    const cases: [Record<string, unknown>, string][] = [
      [{ paid: { amount: 100000, currency: 'rub' } }, 'paid.currency'],
      [{ paid: { amount: 100000, currency: 'RUBLES' } }, 'paid.currency'],
      [{ paid: { amount: 100000, currency: 643 } }, 'paid.currency'],
      [{ paid: { amount: 1000.5, currency: 'RUB' } }, 'paid.amount'],
      [{ paid: { amount: -1, currency: 'RUB' } }, 'paid.amount'],
      [{ paid: { amount: '100000', currency: 'RUB' } }, 'paid.amount'],
      [
        { lines: [{ sku: 'S', name: 'N', quantity: 1, unitPrice: { amount: 1, currency: '₽' } }] },
        'lines.0.unitPrice.currency',
      ],
      [{ buyer: { name: 'X', email: 'not-an-email' } }, 'buyer.email'],
      [{ postingNumber: 42 }, 'postingNumber'],
      [{ lines: 'many' }, 'lines'],
    ];
    for (const [override, field] of cases) {
      const response = await channel.post('/orders', orderBody(override));
      expectProblem(response, 400, 'validation-failed');
      expect(fieldsOf(response)).toContain(field);
    }
    expect(await footprint()).toEqual(before);
  });

  it('an unknown reasonId, or a reason of another catalogue, is 400 naming reasonId', async () => {
    const before = await footprint();
    for (const reasonId of ['no-such-reason', 'out-of-stock', 'already-packed']) {
      const response = await channel.post('/cancellations', { orderId: processingOrderId, reasonId });
      expectProblem(response, 400, 'validation-failed');
      expect(fieldsOf(response)).toEqual(['reasonId']);
    }
    const cancel = await agent.post(`/orders/${processingOrderId}/cancel`, { reasonId: 'changed-mind' });
    expectProblem(cancel, 400, 'validation-failed');
    expect(fieldsOf(cancel)).toEqual(['reasonId']);
    expect((await agent.get(`/orders/${processingOrderId}`)).body.status).toBe('processing');
    expect(await footprint()).toEqual(before);
  });

  it('an unknown orderId (a valid uuid that does not exist, or garbage) is 404', async () => {
    const before = await footprint();
    for (const orderId of [randomUUID(), 'garbage', "'; DROP TABLE orders; --"]) {
      expectProblem(await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }), 404, 'not-found');
    }
    expect(await footprint()).toEqual(before);
  });

  describe('garbage list parameters are 400 validation-failed, never 5xx', () => {
    const common = [
      'range=abc',
      'range=[5,1]',
      'range=[-1,3]',
      'range=[0.5,3]',
      'range=[0]',
      'range=[0,100000]',
      'range={}',
      'range=[0,1e400]',
      'range=[0,1]&range=[0,2]',
      'sort=["nope","ASC"]',
      'sort=garbage',
      'sort=["id","SIDEWAYS"]',
      'sort=["id"]',
      'sort={"id":"ASC"}',
      'sort=[1,"ASC"]',
      'sort=["constructor","ASC"]',
      'sort=["__proto__","ASC"]',
      'sort=["toString","DESC"]',
      'filter={bad',
      'filter={"unknown":1}',
      'filter=[]',
      'filter="x"',
      'filter={"id":[1,2]}',
      'filter={"id":{"$ne":1}}',
      'filter={"constructor":1}',
      'filter={"__proto__":1}',
      'filter={"hasOwnProperty":1}',
    ];
    const perResource: Record<string, string[]> = {
      orders: [
        ...common,
        'filter={"status":"nonsense"}',
        'filter={"status":[]}',
        'filter={"status":1}',
        'filter={"q":5}',
        'filter={"deadlineBefore":"not-a-date"}',
      ],
      cancellations: [
        ...common,
        'filter={"state":"nonsense"}',
        'filter={"status":"nonsense"}',
        'filter={"orderId":5}',
        'filter={"initiator":"alien"}',
        'filter={"deadlineBefore":"not-a-date"}',
        'filter={"deadlineBefore":12}',
        // a time JavaScript reads and PostgreSQL cannot hold, and a day that does not exist
        'filter={"deadlineBefore":"-010000-01-01T00:00:00Z"}',
        'filter={"deadlineBefore":"2026-02-30T00:00:00Z"}',
        'filter={"deadlineAfter":"not-a-date"}',
        'filter={"deadlineAfter":"-010000-01-01T00:00:00Z"}',
      ],
      returns: [
        ...common,
        'filter={"state":"nonsense"}',
        'filter={"type":"nonsense"}',
        'filter={"deadlineBefore":"not-a-date"}',
        'filter={"deadlineBefore":"2026-02-30T00:00:00Z"}',
        'filter={"deadlineAfter":12}',
        'filter={"deadlineAfter":"-010000-01-01T00:00:00Z"}',
      ],
      refunds: [
        ...common,
        'filter={"state":"nonsense"}',
        'filter={"status":"nonsense"}',
        'filter={"orderId":{"a":1}}',
        'filter={"deadlineBefore":"not-a-date"}',
      ],
    };

    async function refusalsMissing(resource: string, queries: string[]): Promise<string[]> {
      const failures: string[] = [];
      for (const query of queries) {
        const encoded = query
          .split('&')
          .map((pair) => {
            const at = pair.indexOf('=');
            return `${pair.slice(0, at)}=${encodeURIComponent(pair.slice(at + 1))}`;
          })
          .join('&');
        // spread over several readers: the rate limit (50/s per principal and endpoint) is not what this checks
        const readers = [admin, ops, channel];
        const response = await readers[queries.indexOf(query) % readers.length].get(`/${resource}?${encoded}`);
        const problem = response.headers['content-type']?.includes('application/problem+json');
        if (response.status !== 400 || response.body.code !== 'validation-failed' || !problem)
          failures.push(`${query} → ${response.status} ${response.body.code ?? ''}`);
      }
      return failures;
    }

    it.each(Object.keys(perResource))('on %s', async (resource) => {
      expect(await refusalsMissing(resource, perResource[resource])).toEqual([]);
    });

    it('a JSON null for sort, range or filter is malformed (400), not taken as "absent"', async () => {
      const failures: string[] = [];
      for (const resource of Object.keys(perResource))
        failures.push(
          ...(await refusalsMissing(resource, ['sort=null', 'range=null', 'filter=null'])).map(
            (f) => `${resource}: ${f}`,
          ),
        );
      expect(failures).toEqual([]);
    });

    it('well-formed parameters on the same lists are 200, so the refusals above are about the parameters', async () => {
      for (const resource of ['orders', 'cancellations', 'refunds']) {
        const response = await agent.get(
          `/${resource}?sort=${encodeURIComponent('["createdAt","ASC"]')}&range=${encodeURIComponent('[0,9]')}&filter=${encodeURIComponent('{}')}`,
        );
        expect(response.status).toBe(200);
        expect(response.headers['content-range']).toMatch(new RegExp(`^${resource} \\d+-\\d+/\\d+$`));
      }
      const deadline = await agent.get(
        `/cancellations?filter=${encodeURIComponent(JSON.stringify({ deadlineBefore: new Date(Date.now() + 1e9).toISOString() }))}`,
      );
      expect(deadline.status).toBe(200);
      const window = JSON.stringify({
        deadlineAfter: new Date().toISOString(),
        deadlineBefore: new Date(Date.now() + 1e9).toISOString(),
      });
      for (const resource of ['cancellations', 'returns'])
        expect((await agent.get(`/${resource}?filter=${encodeURIComponent(window)}`)).status).toBe(200);
    });
  });

  it('an oversized body (1 MB of JSON) is 413 payload-too-large and changes nothing', async () => {
    const before = await footprint();
    const huge = orderBody({
      lines: [{ sku: 'S', name: 'x'.repeat(1024 * 1024), quantity: 1, unitPrice: { amount: 100000, currency: 'RUB' } }],
    });
    const response = await channel.post('/orders', huge);
    expectProblem(response, 413, 'payload-too-large');
    expect(await footprint()).toEqual(before);
  });

  it('a NUL character anywhere in a JSON body (value or key) is 400, never a 500 from PostgreSQL, and changes nothing', async () => {
    const before = await footprint();
    const bodies = [
      orderBody({ postingNumber: 'NUL-\u0000-1' }),
      orderBody({ buyer: { name: 'Ivan\u0000' } }),
      { ...orderBody(), 'x\u0000': 1 },
    ];
    for (const body of bodies) expectProblem(await channel.post('/orders', body), 400, 'validation-failed');
    const approve = await agent.post(`/cancellations/${randomUUID()}/approve`, { comment: '\u0000' });
    expectProblem(approve, 400, 'validation-failed');
    expect(await footprint()).toEqual(before);
  });

  it('a body nested thousands of levels deep is 400, not a stack overflow (500), and changes nothing', async () => {
    const before = await footprint();
    const deep = `{"postingNumber":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expectProblem(await rawPost('/orders', deep), 400, 'validation-failed');
    expect(await footprint()).toEqual(before);
  });

  it('prototype keys (__proto__, constructor, prototype) are 400 like any unknown field, never silently dropped', async () => {
    const before = await footprint();
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const raw = JSON.stringify(orderBody()).replace(/}$/, `,"${key}":{"polluted":true}}`);
      expectProblem(await rawPost('/orders', raw), 400, 'validation-failed');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await footprint()).toEqual(before);
  });

  it('a null for a setting is 400 naming the field (the columns are NOT NULL), and the settings stay as they were', async () => {
    const before = (await admin.get('/sellers/me/settings')).body;
    for (const field of ['cancellationDeadlineHours', 'returnDecisionDeadlineHours', 'returnShipByDays']) {
      const response = await admin.put('/sellers/me/settings', { [field]: null });
      expectProblem(response, 400, 'validation-failed');
      expect(fieldsOf(response)).toContain(field);
    }
    expect((await admin.get('/sellers/me/settings')).body).toEqual(before);
  });

  it('an order with lines in RUB paid in CNY is 422 currency-mismatch and is not created', async () => {
    const before = await footprint();
    const body = orderBody({ paid: { amount: 100000, currency: 'CNY' } });
    const response = await channel.post('/orders', body);
    expectProblem(response, 422, 'currency-mismatch');
    expect(await countRows(stack, `orders WHERE posting_number = $1`, [body.postingNumber])).toBe(0);
    expect(await footprint()).toEqual(before);
  });

  it('a second order with the same posting number is 409 duplicate-posting-number; the first is untouched', async () => {
    const body = orderBody();
    const first = await channel.post('/orders', body);
    expect(first.status).toBe(201);
    const before = await footprint();
    const second = await channel.post(
      '/orders',
      orderBody({ postingNumber: body.postingNumber, paid: { amount: 1, currency: 'RUB' } }),
    );
    expectProblem(second, 409, 'duplicate-posting-number');
    expect(await footprint()).toEqual(before);
    const readBack = await agent.get(`/orders?filter=${encodeURIComponent(JSON.stringify({ id: [first.body.id] }))}`);
    expect(readBack.status).toBe(200);
    const [stored] = readBack.body;
    expect(stored).toEqual(first.body);
  });

  it('the OpenAPI document and the health endpoints answer 200', async () => {
    const docs = await stack.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.headers['content-type']).toContain('application/json');
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orders', '/api/v1/cancellations/{id}/approve', '/api/v1/commands/{id}']),
    );
    const live = await stack.http.get('/api/health');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await stack.http.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });
});
