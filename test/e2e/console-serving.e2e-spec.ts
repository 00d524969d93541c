import { join } from 'node:path';
import { expectProblem } from './support/fixtures';
import { startStack, Stack } from './support/stack';

const FIXTURE = join(__dirname, 'fixtures', 'console');

/** The api serves the console's build at / (docs/api.md "The console"), never in the way of /api or /metrics. */
describe('the api serves the built console without shadowing the api', () => {
  let stack: Stack;

  beforeAll(async () => {
    process.env.CONSOLE_DIR = FIXTURE;
    stack = await startStack({ worker: false });
  });
  afterAll(async () => {
    delete process.env.CONSOLE_DIR;
    await stack.close();
  });

  it('answers / with the console index, revalidated on every load', async () => {
    const response = await stack.http.get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.text).toContain('console fixture index');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves the hashed bundles with a long cache life', async () => {
    const response = await stack.http.get('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.text).toContain('console fixture bundle');
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('falls back to index.html for client routes', async () => {
    for (const path of ['/cancellations', '/returns/0d4b0c7e-1111-4222-8333-444455556666/show', '/login']) {
      const response = await stack.http.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.text).toContain('console fixture index');
    }
  });

  it('keeps an unknown /api path a JSON 404 problem', async () => {
    for (const path of ['/api', '/api/', '/api/v1/no-such-resource', '/api/v2/orders', '/api/docs-nope']) {
      const response = await stack.http.get(path);
      expectProblem(response, 404, 'not-found');
      expect(response.text).not.toContain('console fixture');
    }
  });

  it('never answers /metrics with the console', async () => {
    const response = await stack.http.get('/metrics');
    expect(response.text).not.toContain('console fixture');
  });

  it('still serves the api', async () => {
    expect((await stack.http.get('/api/health')).body).toMatchObject({ status: 'ok' });
    expectProblem(await stack.http.get('/api/v1/orders'), 401, 'unauthenticated');
  });
});

describe('without a console build the api still starts', () => {
  let stack: Stack;

  beforeAll(async () => {
    process.env.CONSOLE_DIR = join(__dirname, 'fixtures', 'no-such-console-build');
    stack = await startStack({ worker: false });
  });
  afterAll(async () => {
    delete process.env.CONSOLE_DIR;
    await stack.close();
  });

  it('says at / that the console is not built, and serves the api', async () => {
    const response = await stack.http.get('/');
    expect(response.status).toBe(404);
    expect(response.text).toContain('The console is not built');
    expect((await stack.http.get('/api/health')).body).toMatchObject({ status: 'ok' });
    expectProblem(await stack.http.get('/api/v1/no-such-resource'), 404, 'not-found');
  });
});
