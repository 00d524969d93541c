import { ConfigurationError, jwtSecretFrom, loadApiConfig, loadServerConfig } from './server-config';

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
    expect(loadServerConfig().jwtSecret).toBe('');
  });
});
