import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  as,
  contentRangeTotal,
  countRows,
  createOps,
  createTenant,
  listQuery,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { postSystemMessage } from '@aftersale/server/persistence';
import { startStack, Stack } from './support/stack';

/** A valid 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** The start of an ISO base media (MP4) file: `ftyp` box, brand `isom`. */
const MP4 = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(64)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);
const MZ = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

type Credential = { token?: string; key?: string };

function binary(response: any, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

function filesIn(directory: string): string[] {
  return readdirSync(directory);
}

/** Client calls beyond the shared `as` helper: multipart uploads, binary downloads, any verb. */
function client(stack: Stack, credential: Credential) {
  const auth = (request: any) =>
    credential.token
      ? request.set('Authorization', `Bearer ${credential.token}`)
      : request.set('X-Api-Key', credential.key!);
  return {
    upload: (bytes: Buffer, filename = 'photo.png', contentType = 'image/png', field = 'file') =>
      auth(stack.http.post('/api/v1/attachments')).attach(field, bytes, { filename, contentType }),
    download: (id: string) =>
      auth(stack.http.get(`/api/v1/attachments/${id}`))
        .buffer(true)
        .parse(binary),
    send: (method: 'put' | 'patch' | 'delete', path: string, body?: unknown) =>
      auth(stack.http[method](`/api/v1${path}`)).send(body as object),
  };
}

describe('messages and attachments (docs/rules.md#conversation-and-audit) through HTTP on the real stack', () => {
  let stack: Stack;
  let directory: string;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let ops: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'aftersale-attachments-'));
    process.env.ATTACHMENTS_DIR = directory;
    delete process.env.ATTACHMENT_MAX_BYTES;
    stack = await startStack();
    tenant = await createTenant(stack);
    other = await createTenant(stack);
    ops = await createOps(stack);
  });
  afterAll(async () => {
    await stack.close();
    delete process.env.ATTACHMENTS_DIR;
    rmSync(directory, { recursive: true, force: true });
  });

  async function openCancellation(owner: TenantFixture = tenant): Promise<string> {
    const orderId = await orderInStatus(stack, owner, 'processing');
    const created = await as(stack, { key: owner.channelKey }).post('/cancellations', {
      orderId,
      reasonId: 'changed-mind',
    });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('awaiting_seller');
    return created.body.id;
  }

  /** A return case straight in its table (its own api is being built alongside): enough to hang a thread on. */
  async function openReturnCase(owner: TenantFixture = tenant): Promise<string> {
    const orderId = await orderInStatus(stack, owner, 'delivered');
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, snapshot, created_at, updated_at)
       SELECT $1, seller_id, id, posting_number, 'buyer_return', 'requested', '{}'::jsonb, now(), now() FROM orders WHERE id = $2`,
      [id, orderId],
    );
    return id;
  }

  async function uploadPng(credential: Credential, filename = 'photo.png'): Promise<string> {
    const response = await client(stack, credential).upload(PNG, filename);
    expect(response.status).toBe(201);
    return response.body.id;
  }

  const thread = (caseType: string, caseId: string) => listQuery({ filter: { caseType, caseId } });

  it("stores an image judged by its bytes and streams the same bytes to the owner, ops and the seller's channel", async () => {
    const upload = await client(stack, { token: tenant.agent }).upload(
      PNG,
      '../../etc/Фото чека\u202e.png',
      'application/octet-stream',
    );
    expect(upload.status).toBe(201);
    expect(upload.body).toEqual({
      id: expect.any(String),
      fileName: 'Фото чека.png',
      contentType: 'image/png',
      size: PNG.length,
    });
    const stored = await stack.dataSource.query(`SELECT storage_key, seller_id FROM attachments WHERE id = $1`, [
      upload.body.id,
    ]);
    expect(stored).toEqual([{ storage_key: expect.any(String), seller_id: tenant.sellerId }]);
    expect(filesIn(directory)).toContain(stored[0].storage_key);

    for (const credential of [
      { token: tenant.agent },
      { token: tenant.admin },
      { token: tenant.warehouse },
      { token: ops },
      { key: tenant.channelKey },
    ]) {
      const download = await client(stack, credential).download(upload.body.id);
      expect(download.status).toBe(200);
      expect(Buffer.compare(download.body, PNG)).toBe(0);
      expect(download.headers['content-type']).toBe('image/png');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent('Фото чека.png')}`,
      );
    }
  });

  it('accepts a video by its bytes', async () => {
    const response = await client(stack, { key: tenant.channelKey }).upload(MP4, 'unboxing.mov', 'video/quicktime');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ fileName: 'unboxing.mov', contentType: 'video/mp4', size: MP4.length });
  });

  it("hides an attachment from another seller's users and channel: 404, as for an unknown or malformed id", async () => {
    const id = await uploadPng({ token: tenant.agent });
    for (const credential of [
      { token: other.admin },
      { token: other.agent },
      { token: other.warehouse },
      { key: other.channelKey },
    ]) {
      const response = await client(stack, credential).download(id);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(response.body.toString()).code).toBe('not-found');
    }
    expect((await client(stack, { token: tenant.agent }).download(randomUUID())).status).toBe(404);
    expect((await client(stack, { token: tenant.agent }).download('not-an-id')).status).toBe(404);
  });

  it('refuses bytes that are not an image even when labelled image/png: 415, and stores nothing', async () => {
    const rows = await countRows(stack, 'attachments WHERE seller_id = $1', [tenant.sellerId]);
    const files = filesIn(directory).length;
    const response = await client(stack, { token: tenant.agent }).upload(
      Buffer.from('just some text pretending to be a picture'),
      'photo.png',
      'image/png',
    );
    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('unsupported-media-type');
    expect(await countRows(stack, 'attachments WHERE seller_id = $1', [tenant.sellerId])).toBe(rows);
    expect(filesIn(directory)).toHaveLength(files);
  });

  it('refuses executables and documents by their bytes, whatever their name and label: 415', async () => {
    const rows = await countRows(stack, 'attachments WHERE seller_id = $1', [tenant.sellerId]);
    const files = filesIn(directory).length;
    for (const [bytes, name] of [
      [ELF, 'photo.jpg'],
      [MZ, 'photo.png'],
      [PDF, 'receipt.png'],
    ] as const) {
      const response = await client(stack, { key: tenant.channelKey }).upload(bytes, name, 'image/jpeg');
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('unsupported-media-type');
    }
    expect(await countRows(stack, 'attachments WHERE seller_id = $1', [tenant.sellerId])).toBe(rows);
    expect(filesIn(directory)).toHaveLength(files);
  });

  it('needs the file in the multipart field "file": 400 validation-failed otherwise', async () => {
    const none = await as(stack, { token: tenant.agent }).post('/attachments', { file: 'not a file' });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('validation-failed');
    const elsewhere = await client(stack, { token: tenant.agent }).upload(PNG, 'photo.png', 'image/png', 'photo');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.code).toBe('validation-failed');
    const anonymous = await stack.http
      .post('/api/v1/attachments')
      .attach('file', PNG, { filename: 'photo.png', contentType: 'image/png' });
    expect(anonymous.status).toBe(401);
  });

  it("keeps a cancellation's thread: the channel, the seller and ops write, with attachments, listed oldest first, each with a MessagePosted audit event", async () => {
    const caseId = await openCancellation();
    const fromBuyer = await uploadPng({ key: tenant.channelKey }, 'parcel.png');
    const fromSeller = await uploadPng({ token: tenant.agent }, 'label.png');

    const buyer = await as(stack, { key: tenant.channelKey }).post('/messages', {
      caseType: 'cancellation',
      caseId,
      body: 'The parcel has not left yet, please cancel.',
      attachmentIds: [fromBuyer],
    });
    expect(buyer.status).toBe(201);
    expect(buyer.body).toMatchObject({
      caseType: 'cancellation',
      caseId,
      sellerId: tenant.sellerId,
      body: 'The parcel has not left yet, please cancel.',
      author: { kind: 'channel', id: tenant.sellerId, name: 'marketplace' },
      attachmentIds: [fromBuyer],
    });
    const seller = await as(stack, { token: tenant.agent }).post('/messages', {
      caseType: 'cancellation',
      caseId,
      body: 'It is already labelled, see the photo.',
      attachmentIds: [fromSeller],
    });
    expect(seller.status).toBe(201);
    expect(seller.body.author).toMatchObject({
      kind: 'user',
      id: expect.any(String),
      name: expect.stringContaining('seller_agent'),
    });
    const support = await as(stack, { token: ops }).post('/messages', {
      caseType: 'cancellation',
      caseId,
      body: 'Ops here: looking into it.',
    });
    expect(support.status).toBe(201);
    expect(support.body).toMatchObject({
      sellerId: tenant.sellerId,
      author: { kind: 'user', name: 'Ops' },
      attachmentIds: [],
    });

    for (const credential of [
      { token: tenant.agent },
      { token: tenant.admin },
      { key: tenant.channelKey },
      { token: ops },
    ]) {
      const list = await as(stack, credential).get(`/messages${thread('cancellation', caseId)}`);
      expect(list.status).toBe(200);
      expect(contentRangeTotal(list)).toBe(3);
      expect(list.body.map((m: { id: string }) => m.id)).toEqual([buyer.body.id, seller.body.id, support.body.id]);
      expect(list.body[0]).toEqual(buyer.body);
    }
    const newestFirst = await as(stack, { token: tenant.agent }).get(
      `/messages${listQuery({ filter: { caseType: 'cancellation', caseId }, sort: ['createdAt', 'DESC'] })}`,
    );
    expect(newestFirst.body.map((m: { id: string }) => m.id)).toEqual([support.body.id, seller.body.id, buyer.body.id]);

    // both sides can open both sides' evidence
    expect((await client(stack, { key: tenant.channelKey }).download(fromSeller)).status).toBe(200);
    expect((await client(stack, { token: tenant.agent }).download(fromBuyer)).status).toBe(200);

    const audit = await as(stack, { token: tenant.admin }).get(
      `/audit-events${listQuery({ filter: { caseType: 'cancellation', caseId } })}`,
    );
    const posted = audit.body.filter((event: { type: string }) => event.type === 'MessagePosted');
    expect(posted.map((event: { data: { messageId: string } }) => event.data.messageId)).toEqual([
      buyer.body.id,
      seller.body.id,
      support.body.id,
    ]);
    expect(posted[0]).toMatchObject({
      caseType: 'cancellation',
      caseId,
      from: null,
      to: null,
      actor: { kind: 'channel', id: tenant.sellerId },
    });
    expect(posted[0].orderId).toEqual(expect.any(String));
  });

  it("lets other code post a system message into a thread, in the caller's transaction", async () => {
    const caseId = await openCancellation();
    const written = await stack.dataSource.transaction((manager) =>
      postSystemMessage(manager, {
        sellerId: tenant.sellerId,
        caseType: 'cancellation',
        caseId,
        body: 'The seller did not answer in time.',
      }),
    );
    const list = await as(stack, { key: tenant.channelKey }).get(`/messages${thread('cancellation', caseId)}`);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: written.id,
        author: { kind: 'system', name: 'system' },
        body: 'The seller did not answer in time.',
      }),
    ]);
    const audit = await stack.dataSource.query(
      `SELECT order_id, actor FROM audit_events WHERE case_id = $1 AND type = 'MessagePosted'`,
      [caseId],
    );
    expect(audit).toEqual([{ order_id: expect.any(String), actor: { kind: 'system', name: 'system' } }]);
  });

  it("takes only attachments of the case's seller: another seller's or an unknown one is 400 and nothing is written", async () => {
    const caseId = await openCancellation();
    const foreign = await uploadPng({ token: other.agent });
    const before = await countRows(stack, 'messages WHERE case_id = $1', [caseId]);
    for (const attachmentIds of [[foreign], [randomUUID()], ['not-an-id']]) {
      const response = await as(stack, { token: tenant.agent }).post('/messages', {
        caseType: 'cancellation',
        caseId,
        body: 'see attached',
        attachmentIds,
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
    }
    expect(await countRows(stack, 'messages WHERE case_id = $1', [caseId])).toBe(before);
    expect(await countRows(stack, `audit_events WHERE case_id = $1 AND type = 'MessagePosted'`, [caseId])).toBe(0);
  });

  it('gives an ops upload to the seller whose case ops first uses it on', async () => {
    const caseId = await openCancellation();
    const id = await uploadPng({ token: ops }, 'ruling.png');
    expect((await client(stack, { token: tenant.agent }).download(id)).status).toBe(404);
    const posted = await as(stack, { token: ops }).post('/messages', {
      caseType: 'cancellation',
      caseId,
      body: 'Decision attached.',
      attachmentIds: [id],
    });
    expect(posted.status).toBe(201);
    expect((await client(stack, { token: tenant.agent }).download(id)).status).toBe(200);
    expect((await client(stack, { key: tenant.channelKey }).download(id)).status).toBe(200);
    expect((await client(stack, { token: other.agent }).download(id)).status).toBe(404);
    const elsewhere = await as(stack, { token: ops }).post('/messages', {
      caseType: 'cancellation',
      caseId: await openCancellation(other),
      body: 'x',
      attachmentIds: [id],
    });
    expect(elsewhere.status).toBe(400);
  });

  it("lets warehouse write on return cases but not on cancellations (403); another seller's case is 404", async () => {
    const cancellationId = await openCancellation();
    const warehouse = as(stack, { token: tenant.warehouse });
    const refused = await warehouse.post('/messages', {
      caseType: 'cancellation',
      caseId: cancellationId,
      body: 'parcel is here',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    expect((await warehouse.get(`/messages${thread('cancellation', cancellationId)}`)).status).toBe(403);
    expect(await countRows(stack, 'messages WHERE case_id = $1', [cancellationId])).toBe(0);

    const returnId = await openReturnCase();
    const photo = await uploadPng({ token: tenant.warehouse }, 'dented box.png');
    const written = await warehouse.post('/messages', {
      caseType: 'return',
      caseId: returnId,
      body: 'Box dented on arrival.',
      attachmentIds: [photo],
    });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({
      caseType: 'return',
      caseId: returnId,
      author: { kind: 'user' },
      attachmentIds: [photo],
    });
    const channelReply = await as(stack, { key: tenant.channelKey }).post('/messages', {
      caseType: 'return',
      caseId: returnId,
      body: 'It left us intact.',
    });
    expect(channelReply.status).toBe(201);
    const list = await warehouse.get(`/messages${thread('return', returnId)}`);
    expect(list.body.map((m: { id: string }) => m.id)).toEqual([written.body.id, channelReply.body.id]);

    for (const credential of [{ token: other.admin }, { token: other.warehouse }, { key: other.channelKey }]) {
      const who = as(stack, credential);
      expect((await who.post('/messages', { caseType: 'return', caseId: returnId, body: 'peek' })).status).toBe(404);
      expect((await who.get(`/messages${thread('return', returnId)}`)).status).toBe(404);
    }
    expect(
      (
        await as(stack, { token: other.admin }).post('/messages', {
          caseType: 'cancellation',
          caseId: cancellationId,
          body: 'peek',
        })
      ).status,
    ).toBe(404);
    // a case id of the other type is no case either
    expect(
      (
        await as(stack, { token: tenant.agent }).post('/messages', {
          caseType: 'return',
          caseId: cancellationId,
          body: 'x',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await as(stack, { token: tenant.agent }).post('/messages', {
          caseType: 'cancellation',
          caseId: 'nope',
          body: 'x',
        })
      ).status,
    ).toBe(404);
  });

  it("reads one message by id for whoever may read its case; another seller's, a case the role may not read, or a guessed id is 404", async () => {
    const cancellationId = await openCancellation();
    const onCancellation = await as(stack, { key: tenant.channelKey }).post('/messages', {
      caseType: 'cancellation',
      caseId: cancellationId,
      body: 'Please cancel, I ordered twice.',
    });
    expect(onCancellation.status).toBe(201);
    const returnId = await openReturnCase();
    const onReturn = await as(stack, { token: tenant.agent }).post('/messages', {
      caseType: 'return',
      caseId: returnId,
      body: 'Send it back in its box.',
    });
    expect(onReturn.status).toBe(201);

    for (const credential of [
      { token: tenant.agent },
      { token: tenant.admin },
      { token: ops },
      { key: tenant.channelKey },
    ]) {
      const one = await as(stack, credential).get(`/messages/${onCancellation.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(onCancellation.body);
    }
    const warehouse = as(stack, { token: tenant.warehouse });
    expect((await warehouse.get(`/messages/${onReturn.body.id}`)).body).toEqual(onReturn.body);
    // warehouse reads no cancellation's thread (403 on the list), so none of its messages exists for it
    const hidden = await warehouse.get(`/messages/${onCancellation.body.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('not-found');
    for (const credential of [{ token: other.admin }, { token: other.warehouse }, { key: other.channelKey }]) {
      expect((await as(stack, credential).get(`/messages/${onReturn.body.id}`)).status).toBe(404);
    }
    for (const guess of [randomUUID(), 'garbage']) {
      expect((await as(stack, { token: tenant.agent }).get(`/messages/${guess}`)).status).toBe(404);
    }
  });

  it('validates lists and bodies: caseType and caseId are both required, a body must not be blank', async () => {
    const caseId = await openCancellation();
    const agent = as(stack, { token: tenant.agent });
    for (const query of [
      '',
      listQuery({ filter: { caseType: 'cancellation' } }),
      listQuery({ filter: { caseId } }),
      listQuery({ filter: { caseType: 'order', caseId } }),
      listQuery({ filter: { caseType: 'cancellation', caseId: 42 } }),
      listQuery({ filter: { caseType: 'cancellation', caseId }, sort: ['body', 'ASC'] }),
    ]) {
      const response = await agent.get(`/messages${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
    }
    for (const body of [
      { caseType: 'cancellation', caseId, body: '   ' },
      { caseType: 'cancellation', caseId },
      { caseType: 'order', caseId, body: 'x' },
      { caseType: 'cancellation', caseId, body: 'x'.repeat(10_001) },
      { caseType: 'cancellation', caseId, body: 'x', author: { kind: 'system', name: 'system' } },
    ]) {
      const response = await agent.post('/messages', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
    }
    expect(await countRows(stack, 'messages WHERE case_id = $1', [caseId])).toBe(0);
  });

  it('never changes or deletes a message: PUT, PATCH and DELETE are 404 for everyone, and the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const caseId = await openCancellation();
    const posted = await as(stack, { key: tenant.channelKey }).post('/messages', {
      caseType: 'cancellation',
      caseId,
      body: 'Original words.',
    });
    expect(posted.status).toBe(201);
    const id = posted.body.id;
    const snapshot = async () =>
      (await stack.dataSource.query(`SELECT row_to_json(m)::text AS row FROM messages m WHERE id = $1`, [id]))[0].row;
    const original = await snapshot();

    for (const credential of [
      { token: tenant.agent },
      { token: tenant.admin },
      { token: ops },
      { key: tenant.channelKey },
    ]) {
      for (const method of ['put', 'patch', 'delete'] as const) {
        const response = await client(stack, credential).send(method, `/messages/${id}`, { body: 'Rewritten.' });
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.code).toBe('not-found');
      }
    }
    expect(await snapshot()).toBe(original);

    await expect(stack.dataSource.query(`UPDATE messages SET body = 'Rewritten.' WHERE id = $1`, [id])).rejects.toThrow(
      /messages are evidence/,
    );
    await expect(stack.dataSource.query(`DELETE FROM messages WHERE id = $1`, [id])).rejects.toThrow(
      /messages are evidence/,
    );
    await expect(stack.dataSource.query(`TRUNCATE messages`)).rejects.toThrow(/messages are evidence/);
    expect(await snapshot()).toBe(original);
    const list = await as(stack, { token: tenant.agent }).get(`/messages${thread('cancellation', caseId)}`);
    expect(list.body).toEqual([posted.body]);
  });

  it('answers a retried POST /messages with the same Idempotency-Key with the first message, not a second', async () => {
    const caseId = await openCancellation();
    const channel = as(stack, { key: tenant.channelKey });
    const body = { caseType: 'cancellation', caseId, body: 'Sent once, however often the network retries.' };
    const first = await channel.post('/messages', body, { 'Idempotency-Key': 'msg-1' });
    const again = await channel.post('/messages', body, { 'Idempotency-Key': 'msg-1' });
    const [raceA, raceB] = await Promise.all([
      channel.post('/messages', { ...body, body: 'raced' }, { 'Idempotency-Key': 'msg-2' }),
      channel.post('/messages', { ...body, body: 'raced' }, { 'Idempotency-Key': 'msg-2' }),
    ]);
    expect([first.status, again.status, raceA.status, raceB.status]).toEqual([201, 201, 201, 201]);
    expect(again.body).toEqual(first.body);
    expect(raceB.body).toEqual(raceA.body);
    expect(await countRows(stack, 'messages WHERE case_id = $1', [caseId])).toBe(2);
    const reused = await channel.post(
      '/messages',
      { ...body, body: 'Something else.' },
      { 'Idempotency-Key': 'msg-1' },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency-key-reused');
  });
});

describe('attachment size limit (ATTACHMENT_MAX_BYTES)', () => {
  const LIMIT = 2048;
  let stack: Stack;
  let directory: string;
  let tenant: TenantFixture;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'aftersale-attachments-'));
    process.env.ATTACHMENTS_DIR = directory;
    process.env.ATTACHMENT_MAX_BYTES = String(LIMIT);
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack.close();
    delete process.env.ATTACHMENTS_DIR;
    delete process.env.ATTACHMENT_MAX_BYTES;
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a file over the limit with 413 payload-too-large and stores nothing; one at the limit is taken', async () => {
    const rows = await countRows(stack, 'attachments WHERE seller_id = $1', [tenant.sellerId]);
    const over = await client(stack, { token: tenant.agent }).upload(
      Buffer.concat([PNG, Buffer.alloc(LIMIT + 1 - PNG.length)]),
    );
    expect(over.status).toBe(413);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.body.code).toBe('payload-too-large');
    expect(await countRows(stack, 'attachments WHERE seller_id = $1', [tenant.sellerId])).toBe(rows);
    expect(filesIn(directory)).toHaveLength(0);

    const atLimit = await client(stack, { token: tenant.agent }).upload(
      Buffer.concat([PNG, Buffer.alloc(LIMIT - PNG.length)]),
    );
    expect(atLimit.status).toBe(201);
    expect(atLimit.body.size).toBe(LIMIT);
    expect(filesIn(directory)).toHaveLength(1);
  });
});
