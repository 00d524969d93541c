import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, ClientRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnusedUploads } from '../../apps/worker/src/attachments/remove-unused-uploads/unused-uploads.service';
import { as, countRows, createTenant, eventually, expectProblem, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** A PNG's signature and header chunk, then zeros (empty chunks): a PNG by its bytes, of any length. */
const PNG_START = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/**
 * An upload sent by hand, part by part, so a test can hold it open half-way: multipart/form-data with one
 * `file` part, chunked.
 */
function openUpload(stack: Stack, token: string) {
  const { port } = stack.api.getHttpServer().address() as AddressInfo;
  const boundary = `aftersale-${randomUUID()}`;
  const request: ClientRequest = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/attachments',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'transfer-encoding': 'chunked',
    },
  });
  const answer = new Promise<{ status: number; body: any; headers: Record<string, unknown> }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, body: JSON.parse(text), headers: response.headers }),
      );
    });
    request.on('error', reject);
  });
  request.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  // an answer before the upload is finished is a failure of the test, shown with what the api said
  const early = answer.then((a) => {
    throw new Error(`the api answered before the upload ended: ${a.status} ${JSON.stringify(a.body)}`);
  });
  early.catch(() => undefined);
  return {
    early,
    abort: () => request.destroy(),
    write: (bytes: Buffer) => request.write(bytes),
    async finish() {
      request.end(`\r\n--${boundary}--\r\n`);
      return answer;
    },
  };
}

/** Files being written into the storage directory (LocalDirectoryStorage writes `.<key>.<uuid>.part` first). */
const partialFiles = (directory: string) => readdirSync(directory).filter((name) => name.endsWith('.part'));

describe('uploads (docs/api.md "Attachments")', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let directory: string;
  const saved = { dir: process.env.ATTACHMENTS_DIR, concurrent: process.env.ATTACHMENT_MAX_CONCURRENT_UPLOADS };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'aftersale-uploads-'));
    process.env.ATTACHMENTS_DIR = directory;
    process.env.ATTACHMENT_MAX_CONCURRENT_UPLOADS = '2';
    stack = await startStack();
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack.close();
    for (const [name, value] of [
      ['ATTACHMENTS_DIR', saved.dir],
      ['ATTACHMENT_MAX_CONCURRENT_UPLOADS', saved.concurrent],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(directory, { recursive: true, force: true });
  });

  it('streams an upload to storage as it arrives, never whole in memory', async () => {
    const upload = openUpload(stack, tenant.agent);
    upload.write(PNG_START);
    upload.write(Buffer.alloc(1024 * 1024));
    // the request is still open, yet its bytes are on disk already
    await Promise.race([
      upload.early,
      eventually(async () => {
        const [partial] = partialFiles(directory);
        return partial !== undefined && statSync(join(directory, partial)).size >= 512 * 1024;
      }, 45000),
    ]).catch((error) => {
      upload.abort();
      throw error;
    });
    upload.write(Buffer.alloc(1024 * 1024));
    const answer = await upload.finish();
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ contentType: 'image/png', size: PNG_START.length + 2 * 1024 * 1024 });
    const [row] = await stack.dataSource.query(`SELECT storage_key FROM attachments WHERE id = $1`, [answer.body.id]);
    expect(statSync(join(directory, row.storage_key)).size).toBe(answer.body.size);
    expect(partialFiles(directory)).toEqual([]);
  });

  it('takes at most ATTACHMENT_MAX_CONCURRENT_UPLOADS at once: one more is 503 with Retry-After, until one ends', async () => {
    const open = [openUpload(stack, tenant.agent), openUpload(stack, tenant.admin)];
    for (const upload of open) upload.write(Buffer.concat([PNG_START, Buffer.alloc(64 * 1024)]));
    await Promise.race([
      ...open.map((upload) => upload.early),
      eventually(async () => partialFiles(directory).length === 2, 45000),
    ]).catch((error) => {
      open.forEach((upload) => upload.abort());
      throw error;
    });
    const refused = await as(stack, { token: tenant.warehouse })
      .post('/attachments')
      .attach('file', Buffer.concat([PNG_START, Buffer.alloc(100)]), 'third.png');
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('service-unavailable');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await Promise.all(open.map((upload) => upload.finish()))).map((a) => a.status)).toEqual([201, 201]);
    const later = await as(stack, { token: tenant.warehouse })
      .post('/attachments')
      .attach('file', Buffer.concat([PNG_START, Buffer.alloc(100)]), 'third.png');
    expect(later.status).toBe(201);
  });

  describe('Idempotency-Key (docs/api.md "Command semantics"): the file\'s bytes, name and type are its body', () => {
    const png = (fill: number) => Buffer.concat([PNG_START, Buffer.alloc(256, fill)]);
    const upload = (credential: { token?: string; key?: string }, key: string, bytes: Buffer, name: string) =>
      as(stack, credential).post('/attachments', undefined, { 'Idempotency-Key': key }).attach('file', bytes, name);
    const rowsNamed = (name: string) => countRows(stack, 'attachments WHERE file_name = $1', [name]);
    const storedFiles = () => readdirSync(directory).length;

    it('the same key and file twice, or twice at once, give the same attachment: one row, one stored file', async () => {
      const key = `upload-${randomUUID()}`;
      const name = `${key}.png`;
      const files = storedFiles();
      const first = await upload({ token: tenant.agent }, key, png(1), name);
      expect(first.status).toBe(201);
      const again = await upload({ token: tenant.agent }, key, png(1), name);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await rowsNamed(name)).toBe(1);
      expect(storedFiles()).toBe(files + 1);

      const raced = `raced-${randomUUID()}`;
      const [a, b] = await Promise.all(
        [1, 2].map(() => upload({ key: tenant.channelKey }, raced, png(2), `${raced}.png`)),
      );
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(await rowsNamed(`${raced}.png`)).toBe(1);
      expect(storedFiles()).toBe(files + 2);
      const download = await as(stack, { key: tenant.channelKey }).get(`/attachments/${a.body.id}`);
      expect(download.status).toBe(200);
      expect(Buffer.from(download.body).equals(png(2))).toBe(true);
    });

    it('the same key with other bytes or another name is 422 idempotency-key-reused and stores nothing', async () => {
      const key = `upload-${randomUUID()}`;
      const name = `${key}.png`;
      const first = await upload({ token: tenant.agent }, key, png(3), name);
      expect(first.status).toBe(201);
      const files = storedFiles();
      const attachments = await countRows(stack, 'attachments');
      expectProblem(await upload({ token: tenant.agent }, key, png(4), name), 422, 'idempotency-key-reused');
      expectProblem(await upload({ token: tenant.agent }, key, png(3), `other-${name}`), 422, 'idempotency-key-reused');
      expect(await countRows(stack, 'attachments')).toBe(attachments);
      expect(storedFiles()).toBe(files);
      expect(partialFiles(directory)).toEqual([]);
    });

    it("another principal's same key is its own upload", async () => {
      const key = `upload-${randomUUID()}`;
      const name = `${key}.png`;
      const mine = await upload({ token: tenant.agent }, key, png(5), name);
      const theirs = await upload({ token: tenant.admin }, key, png(5), name);
      const channel = await upload({ key: tenant.channelKey }, key, png(6), name);
      expect([mine.status, theirs.status, channel.status]).toEqual([201, 201, 201]);
      expect(new Set([mine.body.id, theirs.body.id, channel.body.id]).size).toBe(3);
      expect(await rowsNamed(name)).toBe(3);
      const other = await createTenant(stack);
      const elsewhere = await upload({ token: other.agent }, key, png(5), name);
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body.id).not.toBe(mine.body.id);
      expect((await as(stack, { token: other.agent }).get(`/attachments/${mine.body.id}`)).status).toBe(404);
    });
  });

  it('removes uploads never attached to anything after a day, file and row; attached and recent ones stay', async () => {
    const upload = async () => {
      const response = await as(stack, { key: tenant.channelKey })
        .post('/attachments')
        .attach('file', Buffer.concat([PNG_START, Buffer.alloc(100)]), 'scan.png');
      expect(response.status).toBe(201);
      const [row] = await stack.dataSource.query(`SELECT storage_key FROM attachments WHERE id = $1`, [
        response.body.id,
      ]);
      return { id: response.body.id as string, file: join(directory, row.storage_key) };
    };
    const [unused, recent, onParcel] = [await upload(), await upload(), await upload()];
    const parcel = await as(stack, { token: tenant.warehouse }).post('/parcels/receive', {
      code: `UNKNOWN-${randomUUID().slice(0, 8)}`,
      attachmentIds: [onParcel.id],
    });
    expect(parcel.status).toBe(200);
    await stack.dataSource.query(
      `UPDATE attachments SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`,
      [[unused.id, onParcel.id]],
    );

    process.env.ATTACHMENT_SWEEP_MS = '100';
    try {
      // the worker reads its configuration when it starts
      await stack.stopWorker();
      await stack.startWorker();
      stack.worker!.get(UnusedUploads).start();
      const exists = async (id: string) =>
        (await stack.dataSource.query(`SELECT 1 FROM attachments WHERE id = $1`, [id])).length > 0;
      await eventually(async () => !(await exists(unused.id)));
      await eventually(async () => !readdirSync(directory).includes(unused.file.split('/').pop()!));
      for (const kept of [recent, onParcel]) {
        expect(await exists(kept.id)).toBe(true);
        expect(statSync(kept.file).size).toBeGreaterThan(0);
      }
    } finally {
      delete process.env.ATTACHMENT_SWEEP_MS;
    }
  });
});
