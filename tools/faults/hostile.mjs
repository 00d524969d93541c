// Scenario 7: a few thousand malformed and hostile requests across every endpoint. None may earn a 5xx, and
// none may change anything: the database is fingerprinted before and after (a refused command may leave its
// `failed` command row, the record of a refusal, and nothing else).
import { createHmac, randomUUID } from 'node:crypto';
import { Load } from './load.mjs';
import { until } from './services.mjs';

const INJECTIONS = [
  "' OR '1'='1",
  '1; DROP TABLE orders; --',
  '"; SELECT pg_sleep(5); --',
  '${{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '{"$gt": ""}',
  '\u0000',
  '\u202e\u0007\u001b[31m',
  '𝕳𝖊𝖑𝖑𝖔 🧨 日本語 ﷽',
  'a'.repeat(5000),
];
const WRONG_VALUES = [null, true, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, [], {}, [1, 2], { $ne: null }, '', 'x', '1'];
const IDS = (other) => [
  other,
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "'; DELETE FROM orders; --",
  '%2e%2e%2f%2e%2e%2f',
  encodeURIComponent('\u0000'),
  encodeURIComponent('😀'),
  '-1',
  '1e308',
  'x'.repeat(3000),
];

function b64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}
function jwt(header, payload, secret) {
  const head = `${b64url(header)}.${b64url(payload)}`;
  const signature = secret === undefined ? '' : createHmac('sha256', secret).update(head).digest('base64url');
  return `${head}.${signature}`;
}

/** Credentials that must all be refused: forged, expired, unsigned (alg none), malformed. */
function badCredentials(ctx, realToken) {
  const claims = JSON.parse(Buffer.from(realToken.split('.')[1], 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  const [head, , signature] = realToken.split('.');
  return [
    {},
    { token: 'garbage' },
    { token: '' },
    { token: jwt({ alg: 'none', typ: 'JWT' }, { ...claims, role: 'ops', sellerId: null }) },
    { token: jwt({ alg: 'none', typ: 'JWT' }, claims) },
    { token: jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'not-the-secret') },
    { token: jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, ctx.jwtSecret) },
    { token: `${head}.${b64url({ ...claims, role: 'ops' })}.${signature}` },
    { token: `${head}.${b64url({ ...claims, sellerId: ctx.tenants.b.sellerId })}.${signature}` },
    { token: jwt({ alg: 'HS512', typ: 'JWT' }, claims, ctx.jwtSecret) },
    { token: `${realToken}x` },
    { key: 'not-a-key' },
    { key: "' OR 1=1 --" },
    { key: '' },
  ];
}

/** Replace one field (dotted path) of a body. */
function withField(body, path, value) {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  target[keys.at(-1)] = value;
  return copy;
}
function paths(body, prefix = '') {
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return v && typeof v === 'object' ? [path, ...paths(v, path)] : [path];
  });
}

export async function hostileInput(ctx) {
  const api = ctx.newApi();
  const a = ctx.tenants.a;
  const b = ctx.tenants.b;
  // tenant a needs settled records to aim at (when this scenario runs alone)
  const settled = (
    await ctx.db.query(`SELECT count(*)::int AS n FROM return_cases WHERE seller_id = $1 AND state = 'refunded'`, [
      a.sellerId,
    ])
  ).rows[0].n;
  if (settled === 0) {
    const warmUp = new Load(api, a, { clients: 4 });
    warmUp.start();
    await until(
      'settled records of tenant a',
      async () =>
        (
          await ctx.db.query(
            `SELECT count(*)::int AS n FROM return_cases WHERE seller_id = $1 AND state = 'refunded'`,
            [a.sellerId],
          )
        ).rows[0].n > 0,
      60000,
      500,
    );
    await warmUp.stop();
  }
  // tenant b gets records of its own, whose ids tenant a must not reach
  const loadB = new Load(api, b);
  const orderB = await loadB.order('delivered');
  const returnB = orderB && (await loadB.openReturn(orderB));
  await ctx.books.quiesce(30000);
  const pick = async (sql, seller) => (await ctx.db.query(sql, [seller])).rows[0]?.id;
  // tenant a's targets in settled states, so that even a body that slipped through could only be refused
  const ids = {
    order: await pick(`SELECT id FROM orders WHERE seller_id = $1 AND status = 'cancelled' LIMIT 1`, a.sellerId),
    cancellation: await pick(
      `SELECT id FROM cancellation_requests WHERE seller_id = $1 AND state <> 'awaiting_seller' LIMIT 1`,
      a.sellerId,
    ),
    return: await pick(`SELECT id FROM return_cases WHERE seller_id = $1 AND state = 'refunded' LIMIT 1`, a.sellerId),
    refund: await pick(`SELECT id FROM refunds WHERE seller_id = $1 AND state = 'succeeded' LIMIT 1`, a.sellerId),
    parcel: await pick(`SELECT id FROM parcels WHERE seller_id = $1 AND return_id IS NOT NULL LIMIT 1`, a.sellerId),
  };
  const other = {
    order: orderB?.id,
    return: returnB?.id,
    cancellation: await pick(`SELECT id FROM cancellation_requests WHERE seller_id = $1 LIMIT 1`, b.sellerId),
    refund: await pick(`SELECT id FROM refunds WHERE seller_id = $1 LIMIT 1`, b.sellerId),
    parcel: await pick(`SELECT id FROM parcels WHERE seller_id = $1 LIMIT 1`, b.sellerId),
  };
  const money = () => ({ amount: 1000, currency: 'RUB' });
  // every command with a body that would be valid, the credential allowed to send it, and the record kind it targets
  const commands = [
    [
      '/orders',
      null,
      a.channel,
      {
        postingNumber: 'HOSTILE-1',
        buyer: { name: 'X' },
        lines: [{ sku: 'S', name: 'N', quantity: 1, unitPrice: money() }],
        paid: money(),
      },
    ],
    ['/orders/:id/process', 'order', a.agent, {}],
    ['/orders/:id/ship', 'order', a.agent, {}],
    ['/orders/:id/deliver', 'order', a.channel, {}],
    ['/orders/:id/refuse-delivery', 'order', a.channel, {}],
    ['/orders/:id/cancel', 'order', a.agent, { reasonId: 'out-of-stock', comment: 'c' }],
    ['/cancellations', null, a.channel, { orderId: ids.order, reasonId: 'changed-mind', initiator: 'buyer' }],
    ['/cancellations/:id/approve', 'cancellation', a.agent, { comment: 'c' }],
    ['/cancellations/:id/reject', 'cancellation', a.agent, { reasonId: 'cancellation-rejection-other', comment: 'c' }],
    ['/cancellations/:id/withdraw', 'cancellation', a.channel, {}],
    [
      '/returns',
      null,
      a.channel,
      {
        orderId: ids.order,
        type: 'buyer_return',
        lines: [{ sku: 'SKU-1', quantity: 1 }],
        reasonId: 'return-changed-mind',
      },
    ],
    ['/returns/:id/approve', 'return', a.agent, { returnShippingPaidBy: 'buyer', returnShippingFee: money() }],
    ['/returns/:id/reject', 'return', a.agent, { reasonId: 'signs-of-use', comment: 'c' }],
    ['/returns/:id/compensate', 'return', a.agent, { amount: money() }],
    ['/returns/:id/accept-compensation', 'return', a.channel, {}],
    ['/returns/:id/decline-compensation', 'return', a.channel, {}],
    ['/returns/:id/ship', 'return', a.channel, { trackingNumber: 'TRK1' }],
    ['/returns/:id/inspect', 'return', a.warehouse, { lines: [{ sku: 'SKU-1', quantity: 1, outcome: 'intact' }] }],
    ['/returns/:id/reject-after-inspection', 'return', a.agent, { reasonId: 'signs-of-use', comment: 'c' }],
    ['/returns/:id/refund', 'return', a.agent, { amount: money() }],
    ['/returns/:id/withdraw', 'return', a.channel, {}],
    ['/returns/:id/dispute', 'return', a.channel, { comment: 'c' }],
    ['/returns/:id/close', 'return', a.admin, { comment: 'c' }],
    ['/parcels/receive', null, a.warehouse, { code: 'HOSTILE-PARCEL', condition: 'intact' }],
    ['/parcels/:id/condition', 'parcel', a.warehouse, { condition: 'opened' }],
    ['/parcels/:id/assign', 'parcel', a.agent, { returnId: ids.return }],
    ['/refunds/:id/retry', 'refund', a.agent, {}],
    ['/refunds/:id/void', 'refund', a.admin, { comment: 'c' }],
    ['/messages', null, a.agent, { caseType: 'return', caseId: ids.return, body: 'hello' }],
  ];
  const reads = [
    '/orders',
    '/cancellations',
    '/returns',
    '/parcels',
    '/refunds',
    '/audit-events',
    '/messages',
    '/reasons',
  ];
  const requests = [];
  const idempotency = () => ({ 'idempotency-key': randomUUID() });
  for (const [template, kind, credential, valid] of commands) {
    const path = (id) => (kind ? template.replace(':id', id) : template);
    const target = kind ? ids[kind] : undefined;
    // forged, expired and unsigned credentials on a valid body
    for (const bad of badCredentials(ctx, a.agent.token)) requests.push(['POST', path(target), bad, { body: valid }]);
    // other sellers' ids and hostile ids in the path
    if (kind)
      for (const id of IDS(other[kind] ?? randomUUID())) requests.push(['POST', path(id), credential, { body: valid }]);
    // every field: wrong types, extremes, and (where the value is a reference or a code) hostile strings
    for (const field of paths(valid)) {
      const original = field.split('.').reduce((v, k) => v?.[k], valid);
      // a string for a string field could be valid: strings go only where the value is a reference or a code
      const optional =
        /^(comment|note|condition|initiator|returnShippingPaidBy|returnShippingFee|amount|buyer\.email)$/.test(field);
      // an amount of 0 is a valid amount (an order paid nothing, a free line)
      const wrong = WRONG_VALUES.filter(
        (v) =>
          !(typeof v === 'string' && typeof original === 'string') &&
          !(v === null && optional) &&
          !(v === 0 && field.endsWith('amount')),
      );
      for (const value of wrong)
        requests.push(['POST', path(target), credential, { body: withField(valid, field, value) }]);
      if (/(Id|currency|type|condition|outcome|initiator|caseType|returnShippingPaidBy)$/.test(field))
        for (const value of INJECTIONS)
          requests.push(['POST', path(target), credential, { body: withField(valid, field, value) }]);
    }
    // bodies that are not what they claim to be
    for (const [contentType, rawBody] of [
      ['application/json', '{"unterminated": '],
      ['application/json', '[]'],
      ['application/json', 'null'],
      ['application/json', '"string"'],
      [
        'application/json',
        JSON.stringify({ ...valid, __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
      ],
      ['text/plain', JSON.stringify(valid)],
      ['application/x-www-form-urlencoded', 'a=1&b=2'],
      ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
      ['application/json; charset=latin1', JSON.stringify(valid)],
      ['application/json', `{"a":"${'x'.repeat(300 * 1024)}"}`],
      ['application/json', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}'],
    ])
      requests.push(['POST', path(target), credential, { rawBody, headers: { 'content-type': contentType } }]);
  }
  // settings: only an admin may write them; every variant is invalid or refused
  for (const value of WRONG_VALUES.filter((v) => v !== 0.5))
    requests.push(['PUT', '/sellers/me/settings', a.admin, { body: { cancellationDeadlineHours: value } }]);
  for (const bad of badCredentials(ctx, a.admin.token))
    requests.push(['PUT', '/sellers/me/settings', bad, { body: { cancellationDeadlineHours: 1 } }]);
  requests.push(['PUT', '/sellers/me/settings', a.agent, { body: { cancellationDeadlineHours: 1 } }]);
  // reads with malformed list parameters and other sellers' ids
  for (const resource of reads) {
    for (const q of [
      'sort=["id","ASC"',
      'sort=["password_hash","ASC"]',
      'sort=["id; DROP TABLE orders","ASC"]',
      'range=[0,1e9]',
      'range=[-5,-1]',
      'range=["a","b"]',
      'filter={"id":{"$ne":null}}',
      'filter={"q":"\' OR 1=1 --"}',
      'filter={"sellerId":"' + b.sellerId + '"}',
      'filter=null',
      'filter=' + '['.repeat(2000),
      'range=[0,24]&range=[0,24]',
      'filter={"state":["a","b"]}',
      'filter={"orderId":"\u0000"}',
      'filter={"q":"\u0000"}',
      'filter={"q":"' + '%'.repeat(3000) + '"}',
      'filter={"q":' + '['.repeat(3000) + ']'.repeat(3000) + '}',
      'sort=["createdAt","DESC\u0000"]',
    ])
      requests.push(['GET', `/${resource.slice(1)}?${encodeURI(q)}`, a.agent, {}]);
    for (const bad of badCredentials(ctx, a.agent.token).slice(0, 8)) requests.push(['GET', resource, bad, {}]);
  }
  for (const [kind, id] of Object.entries(other)) {
    const resource = {
      order: 'orders',
      cancellation: 'cancellations',
      return: 'returns',
      refund: 'refunds',
      parcel: 'parcels',
    }[kind];
    for (const who of [a.agent, a.channel, a.warehouse]) requests.push(['GET', `/${resource}/${id}`, who, {}]);
  }
  requests.push([
    'GET',
    `/audit-events?filter=${encodeURIComponent(JSON.stringify({ orderId: other.order }))}`,
    a.agent,
    {},
  ]);
  requests.push(['GET', `/commands/${randomUUID()}`, a.agent, {}]);
  requests.push(['GET', `/commands/not-a-uuid`, a.agent, {}]);
  // logins
  for (const body of [
    { email: "' OR 1=1 --", password: 'x' },
    { email: a.agent.email, password: { $ne: null } },
    { email: [a.agent.email], password: 'x' },
    { email: 'x'.repeat(10000), password: 'x' },
    { email: a.agent.email, password: 'x'.repeat(100000) },
    {},
  ])
    requests.push(['POST', '/auth/login', {}, { body }]);
  // uploads: wrong bytes, empty, oversized, no file, another field name
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  for (const [name, bytes, type, field] of [
    ['photo.png', Buffer.from('<?php system($_GET["c"]); ?>'), 'image/png', 'file'],
    ['photo.png', Buffer.alloc(0), 'image/png', 'file'],
    ['../../etc/passwd', Buffer.from('#!/bin/sh\nrm -rf /'), 'image/jpeg', 'file'],
    ['big.png', Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]), 'image/png', 'file'],
    ['photo.png', png, 'image/png', 'other'],
    ['ph\u0000oto.png', Buffer.from('not a png at all'), 'image/png', 'file'],
    ['photo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml', 'file'],
    ['photo.html', Buffer.from('<html><script>alert(1)</script></html>'), 'text/html', 'file'],
  ]) {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type }), name);
    for (const who of [a.agent, {}, { token: 'garbage' }]) requests.push(['POST', '/attachments', who, { form }]);
  }
  requests.push(['POST', '/attachments', a.agent, { body: { file: 'not multipart' } }]);
  requests.push([
    'POST',
    '/attachments',
    a.agent,
    {
      rawBody: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    },
  ]);

  const before = await fingerprint(ctx);
  const commandsBefore = (await ctx.db.query(`SELECT count(*)::int AS n FROM commands`)).rows[0].n;
  const statuses = {};
  const fiveXX = [];
  let resetRetries = 0;
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const [method, path, credential, options] = requests[next++];
      const init = { credential, headers: { ...(options.headers ?? {}) }, timeoutMs: 30000 };
      if (method === 'POST' && path !== '/auth/login') Object.assign(init.headers, idempotency());
      if (options.form) init.rawBody = options.form;
      else if (options.rawBody !== undefined) init.rawBody = options.rawBody;
      else if (options.body !== undefined) init.body = options.body;
      let answer = await api.raw(method, `/api/v1${path}`, init);
      // a keep-alive connection the server closed as the next GET went out on it (ECONNRESET before the api saw
      // the request) is retried once, as any HTTP client retries an idempotent request; a dead api fails again
      if (answer.status === 0 && method === 'GET') {
        resetRetries++;
        answer = await api.raw(method, `/api/v1${path}`, init);
      }
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status >= 500 || answer.status === 0)
        fiveXX.push(
          `${method} ${path.slice(0, 80)} → ${answer.status} ${JSON.stringify(answer.body ?? answer.error).slice(0, 200)}`,
        );
      else if (answer.status < 400 && !(method === 'GET'))
        fiveXX.push(
          `${method} ${path.slice(0, 80)} accepted: ${answer.status} ${JSON.stringify(options.body ?? options.rawBody ?? '').slice(0, 120)} ${JSON.stringify(options.headers ?? {})} → ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  await ctx.books.quiesce(30000);
  const after = await fingerprint(ctx);
  const problems = [...fiveXX];
  for (const table of Object.keys({ ...before, ...after }))
    if (table !== 'commands' && before[table] !== after[table]) problems.push(`table ${table} changed`);
  const newCommands = (
    await ctx.db.query(
      `SELECT type, state, problem->>'code' AS code FROM commands ORDER BY accepted_at DESC LIMIT $1`,
      [(await ctx.db.query(`SELECT count(*)::int AS n FROM commands`)).rows[0].n - commandsBefore],
    )
  ).rows;
  for (const c of newCommands.filter((c) => c.state !== 'failed'))
    problems.push(`a hostile ${c.type} command ${c.state}`);
  return {
    problems,
    figures: {
      load: `${requests.length} hostile requests, 6 at a time`,
      faults: 'malformed, hostile and foreign input on every endpoint',
      commandsChecked: requests.length,
      answers: statuses,
      refusedCommandRows: newCommands.length,
      getsRetriedAfterReset: resetRetries,
    },
  };
}

/** A hash of every table's rows. */
async function fingerprint(ctx) {
  const tables = (
    await ctx.db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY tablename`,
    )
  ).rows.map((r) => r.tablename);
  const out = {};
  for (const table of tables) {
    const row = (
      await ctx.db.query(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${table}" t`,
      )
    ).rows[0];
    out[table] = `${row.n}:${row.h}`;
  }
  return out;
}
