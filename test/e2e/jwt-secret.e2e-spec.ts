import { spawnApi, untilListening } from './support/api-process';
import { freePort } from './support/free-port';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

/**
 * README "Configuration": the api refuses to start without a JWT_SECRET of at least 32 bytes, whatever
 * NODE_ENV says, with one line.
 */
describe('the api starts only with a JWT_SECRET of at least 32 bytes (README "Configuration")', () => {
  const services = { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: 'test-jwt-secret' };

  async function refusal(env: Record<string, string | undefined>) {
    const api = spawnApi({ ...services, ...env }, await freePort());
    // an api that starts instead of refusing is stopped, and the test fails on its exit code
    const started = untilListening(api).then(
      () => api.stop(),
      () => undefined,
    );
    const code = await api.exited;
    await started;
    return { code, stderr: api.stderr(), stdout: api.stdout() };
  }

  jest.setTimeout(120000);

  it('refuses to start without JWT_SECRET, in one line, whatever NODE_ENV says', async () => {
    const environments = [undefined, 'development', 'test', 'production'];
    const results = await Promise.all(environments.map((NODE_ENV) => refusal({ NODE_ENV })));
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^api: JWT_SECRET is not set/)]);
    }
  });

  it('refuses a JWT_SECRET shorter than 32 bytes (counted in bytes, not characters), in one line', async () => {
    const results = await Promise.all([
      refusal({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) }),
      // 16 characters, 32 bytes in UTF-8: long enough; 15 of them are 30 bytes: too short
      refusal({ JWT_SECRET: 'я'.repeat(15) }),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1]);
    expect(results[0].stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^api: JWT_SECRET has 31 bytes: the api needs at least 32/),
    ]);
    expect(results[1].stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^api: JWT_SECRET has 30 bytes/)]);
  });

  it('starts with a JWT_SECRET of 32 bytes', async () => {
    const api = spawnApi({ ...services, NODE_ENV: 'production', JWT_SECRET: 'я'.repeat(16) }, await freePort());
    try {
      await untilListening(api);
      expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
    } finally {
      await api.stop();
    }
  });
});
