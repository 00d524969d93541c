import { ConfigurationError, jwtSecretFrom, loadApiConfig, loadServerConfig, SETTINGS } from './server-config';

describe('JWT_SECRET: required by the api, at least 32 bytes, whatever NODE_ENV says', () => {
  it.each([undefined, 'development', 'test', 'production'])('is required with NODE_ENV=%s', (NODE_ENV) => {
    expect(() => jwtSecretFrom({ NODE_ENV })).toThrow(ConfigurationError);
    expect(() => jwtSecretFrom({ NODE_ENV, JWT_SECRET: '' })).toThrow(/JWT_SECRET is not set/);
  });

  it('counts bytes, not characters', () => {
    expect(() => jwtSecretFrom({ JWT_SECRET: 'x'.repeat(31) })).toThrow(/has 31 bytes/);
    expect(() => jwtSecretFrom({ JWT_SECRET: 'я'.repeat(15) })).toThrow(/has 30 bytes/);
    expect(jwtSecretFrom({ JWT_SECRET: 'я'.repeat(16) })).toBe('я'.repeat(16));
    expect(jwtSecretFrom({ JWT_SECRET: 'x'.repeat(32) })).toBe('x'.repeat(32));
  });

  it('says what is wrong in one line', () => {
    for (const JWT_SECRET of [undefined, 'short']) {
      try {
        jwtSecretFrom({ JWT_SECRET });
        throw new Error('accepted');
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
      }
    }
  });

  it("is the api's signing key; the worker signs nothing and needs none", () => {
    expect(loadApiConfig({ JWT_SECRET: 's'.repeat(40) }).jwtSecret).toBe('s'.repeat(40));
    expect(() => loadApiConfig({})).toThrow(ConfigurationError);
    expect(loadServerConfig({}, {}).jwtSecret).toBe('');
  });
});

describe('the configuration: read once, every value checked', () => {
  const SECRET = { JWT_SECRET: 's'.repeat(40) };

  it('stops on a bad value with one line that names the variable', () => {
    for (const [variable, value] of [
      ['COMMAND_WAIT_MS', 'soon'],
      ['PORT', '70000'],
      ['WORKER_CONCURRENCY', '0'],
      ['WORKER_EVENTS_CONCURRENCY', '2.5'],
      ['ATTACHMENT_MAX_BYTES', '1.5'],
      ['PAYMENT_SIMULATOR_FAILURE_RATE', '2'],
      ['RATE_LIMIT_PER_SECOND', '0'],
      ['PASSWORD_SCRYPT_LOG_N', 'lots'],
    ]) {
      let message = '';
      try {
        loadServerConfig({}, { [variable]: value });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        message = (error as Error).message;
      }
      expect(message.startsWith(`${variable} `)).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('keeps the documented defaults when nothing is set (an empty variable counts as unset)', () => {
    const config = loadServerConfig({}, { PORT: '' });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/aftersale',
      commandWaitMs: 5000,
      jobAttempts: 8,
      workerAutostart: true,
      workerConcurrency: 16,
      workerEventsConcurrency: 48,
      workerDatabasePoolSize: 10,
      passwordScryptLogN: 15,
      ozonApiUrl: 'https://api-seller.ozon.ru',
      production: false,
    });
  });

  it('names each variable once', () => {
    const variables = Object.values(SETTINGS).map((entry) => entry.variable);
    expect(new Set(variables).size).toBe(variables.length);
  });

  it('DEADLINE_GRACE_MS defaults to ENQUEUE_TIMEOUT_MS + 3 s and must exceed it', () => {
    expect(loadServerConfig({}, { ENQUEUE_TIMEOUT_MS: '1000' }).deadlineGraceMs).toBe(4000);
    expect(() => loadServerConfig({}, { DEADLINE_GRACE_MS: '2000' })).toThrow(
      /^DEADLINE_GRACE_MS \(2000\) must be longer than ENQUEUE_TIMEOUT_MS \(2000\)/,
    );
  });

  it('refuses a plain-http OZON_API_URL (the simulator) in production only: Api-Keys go to Ozon over https', () => {
    const simulator = { OZON_API_URL: 'http://127.0.0.1:3100' };
    expect(loadServerConfig({}, simulator).ozonApiUrl).toBe('http://127.0.0.1:3100');
    expect(() => loadServerConfig({}, { ...simulator, NODE_ENV: 'production' })).toThrow(
      /OZON_API_URL=http:\/\/127\.0\.0\.1:3100 is not an https address/,
    );
    expect(loadServerConfig({}, { NODE_ENV: 'production' }).ozonApiUrl).toBe('https://api-seller.ozon.ru');
    expect(
      loadServerConfig({}, { NODE_ENV: 'production', OZON_API_URL: 'https://ozon-proxy.internal' }).ozonApiUrl,
    ).toBe('https://ozon-proxy.internal');
  });

  it('lets PASSWORD_SCRYPT_LOG_N go below OWASP’s settings (2^13 to 2^17) outside production only', () => {
    expect(loadApiConfig({ ...SECRET, PASSWORD_SCRYPT_LOG_N: '10', NODE_ENV: 'test' }).passwordScryptLogN).toBe(10);
    expect(() => loadApiConfig({ ...SECRET, PASSWORD_SCRYPT_LOG_N: '12', NODE_ENV: 'production' })).toThrow(
      /below OWASP/,
    );
    for (const logN of ['13', '17'])
      expect(loadApiConfig({ ...SECRET, PASSWORD_SCRYPT_LOG_N: logN, NODE_ENV: 'production' }).passwordScryptLogN).toBe(
        Number(logN),
      );
    expect(() => loadApiConfig({ ...SECRET, PASSWORD_SCRYPT_LOG_N: '21' })).toThrow(/^PASSWORD_SCRYPT_LOG_N /);
  });
});
