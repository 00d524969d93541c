/** Settings shared by the api and the worker, from the environment (README "Configuration"). */
/** A class, so that Nest can inject it by type. */
export class ServerConfig {
  databaseUrl!: string;
  redisUrl!: string;
  queuePrefix!: string;
  commandWaitMs!: number;
  jwtSecret!: string;
  jwtTtlSeconds!: number;
  production!: boolean;
}

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

export function loadServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const production = process.env.NODE_ENV === 'production';
  const jwtSecret = process.env.JWT_SECRET ?? (production ? '' : 'aftersale-development-secret');
  if (!jwtSecret) throw new Error('JWT_SECRET must be set in production');
  return {
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: process.env.QUEUE_PREFIX ?? 'aftersale',
    commandWaitMs: numberFrom('COMMAND_WAIT_MS', 5000),
    jwtSecret,
    jwtTtlSeconds: numberFrom('JWT_TTL_SECONDS', 8 * 3600),
    production,
    ...overrides,
  };
}

export function envNumber(name: string, fallback: number): number {
  return numberFrom(name, fallback);
}
