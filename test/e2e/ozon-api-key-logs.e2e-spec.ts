import { randomBytes, randomInt } from 'node:crypto';
import { OzonSimulator } from '../../apps/ozon-sim/src/ozon-simulator';
import { DEMO_CLIENT_ID } from '../../apps/ozon-sim/src/sim-scenarios';
import { ApiProcess, spawnApi, untilListening } from './support/api-process';
import { buildWorker, spawnWorker, WorkerProcess } from './support/built-worker';
import { createTenant, eventually, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * docs/ozon.md#connection: the Api-Key is never logged. The api and the worker run as their own processes at
 * LOG_LEVEL=debug while an account is connected (once with a wrong key), imported, and refused by Ozon; then every
 * line either wrote is searched for the key. Ports 4430–4439 (this suite's share of the helpers' range).
 */
describe('the Ozon Api-Key in logs', () => {
  jest.setTimeout(240_000);
  let stack: Stack;
  let sim: OzonSimulator;
  let api: ApiProcess;
  let worker: WorkerProcess;
  let tenant: TenantFixture;
  let workerStderr = '';
  const clientId = String(randomInt(500_000, 900_000));
  const apiKey = `logs-suite-${randomBytes(12).toString('hex')}`;
  const offset = Number(process.env.JEST_WORKER_ID ?? 1) % 4;
  const apiPort = 4430 + offset;
  const metricsPort = 4435 + offset;

  beforeAll(async () => {
    const main = buildWorker();
    sim = new OzonSimulator({ scenario: 'demo' });
    const demo = sim.store.account(DEMO_CLIENT_ID);
    sim.store.accounts.delete(DEMO_CLIENT_ID);
    Object.assign(demo, { clientId, apiKey });
    sim.store.accounts.set(clientId, demo);
    const ozonUrl = `http://127.0.0.1:${await sim.listen(0)}`;
    stack = await startStack({ worker: false });
    tenant = await createTenant(stack);
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: stack.config.redisUrl,
      QUEUE_PREFIX: stack.config.queuePrefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      MARKETPLACE_SECRET_KEY: randomBytes(32).toString('base64'),
      OZON_API_URL: ozonUrl,
      LOG_LEVEL: 'debug',
    };
    api = spawnApi(env, apiPort);
    worker = spawnWorker(main, {
      ...env,
      WORKER_AUTOSTART: 'true',
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_METRICS_HOST: '127.0.0.1',
      OZON_SYNC_EVERY_MS: '500',
    });
    worker.child.stderr!.on('data', (chunk: Buffer) => (workerStderr += chunk.toString('utf8')));
    await Promise.all([untilListening(api), worker.waitForLine((line) => line.msg === 'worker started', 120_000)]);
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await api?.stop();
    await stack?.close();
    await sim?.close();
  });

  const put = async (key: string) => {
    // the api process signs its own tokens: the admin logs in there
    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: `seller_admin-${tenant.sellerId.slice(0, 8)}@test.example`,
        password: 'test-password',
      }),
    });
    const { accessToken } = await login.json();
    return fetch(`${api.url}/api/v1/marketplace/ozon`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ clientId, apiKey: key }),
    });
  };

  it('is in no line the api or the worker writes while connecting, importing and being refused', async () => {
    expect((await put(`${apiKey}-wrong`)).status).toBe(422);
    expect((await put(apiKey)).status).toBe(200);
    await worker.waitForLine((line) => line.msg === 'ozon import done' && line.sellerId === tenant.sellerId, 60_000);
    // Ozon refuses the key and fails for a while: the errors are logged, the key is not
    sim.faults.push({ kind: 'bad-credentials', times: 1 }, { kind: 'server-error', times: 3 });
    await eventually(async () => sim.faults.length === 0, 60_000);
    await worker.waitForLine((line) => /Invalid Api-Key/.test(JSON.stringify(line)), 60_000);

    const everything = [api.stdout(), api.stderr(), JSON.stringify(worker.lines), workerStderr].join('\n');
    // the logs were written (so the search means something): the api's request lines and the worker's import
    expect(api.stdout()).toContain('/api/v1/marketplace/ozon');
    expect(everything).not.toContain(apiKey);
  });
});
