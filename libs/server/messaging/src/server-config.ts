/** Settings shared by the api and the worker, from the environment (README "Configuration"). */
/** A class, so that Nest can inject it by type. */
export class ServerConfig {
  databaseUrl!: string;
  redisUrl!: string;
  queuePrefix!: string;
  commandWaitMs!: number;
  /** The api's token signing key; the worker signs nothing and leaves it empty. */
  jwtSecret!: string;
  jwtTtlSeconds!: number;
  production!: boolean;
}

/** A setting that stops a process from starting; its message is the one line the process prints. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export const MIN_JWT_SECRET_BYTES = 32;

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ConfigurationError(`${name} must be a number, got "${raw}"`);
  return value;
}

/**
 * `JWT_SECRET`, required by the api whatever `NODE_ENV` says: without it, or with fewer than 32 bytes
 * (HS256's key should be at least as long as its hash), anyone could forge access tokens. `npm run demo`
 * and the tests bring their own.
 */
export function jwtSecretFrom(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.JWT_SECRET ?? '';
  const hint = 'e.g. JWT_SECRET=$(openssl rand -hex 32); `npm run demo` sets one itself';
  if (secret === '')
    throw new ConfigurationError(`JWT_SECRET is not set: the api needs at least 32 random bytes (${hint})`);
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_JWT_SECRET_BYTES) {
    throw new ConfigurationError(`JWT_SECRET has ${bytes} bytes: the api needs at least 32 random bytes (${hint})`);
  }
  return secret;
}

/** The worker's settings (and the api's, but for its signing key: see loadApiConfig). */
export function loadServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: process.env.QUEUE_PREFIX ?? 'aftersale',
    commandWaitMs: numberFrom('COMMAND_WAIT_MS', 5000),
    jwtSecret: '',
    jwtTtlSeconds: numberFrom('JWT_TTL_SECONDS', 8 * 3600),
    production: process.env.NODE_ENV === 'production',
    ...overrides,
  };
}

/** The api's settings: the shared ones and a valid `JWT_SECRET`; throws ConfigurationError otherwise. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return loadServerConfig({ jwtSecret: jwtSecretFrom(env) });
}

export function envNumber(name: string, fallback: number): number {
  return numberFrom(name, fallback);
}
