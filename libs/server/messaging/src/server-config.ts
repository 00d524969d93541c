/**
 * Aftersale's one configuration: every setting of the api and the worker, read from the environment once, at
 * start, and checked there (README "Configuration" lists them; test/repository/configuration-is-documented.spec.ts
 * keeps the two in step). A bad value stops the process with one line naming the variable. Nothing else in
 * apps/ or libs/ reads `process.env`; the tools (apps/ozon-sim, apps/demo-seed, tools/) read their own few.
 *
 * A class, so that Nest can inject it by type.
 */
export class ServerConfig {
  // shared by the api and the worker
  databaseUrl!: string;
  redisUrl!: string;
  queuePrefix!: string;
  /** `NODE_ENV=production` */
  production!: boolean;
  logLevel!: string;
  /** how long the api waits for a command's outcome before answering 202 */
  commandWaitMs!: number;
  /** how long the api tries to reach Redis before answering 503; the deadline grace must exceed it */
  enqueueTimeoutMs!: number;
  jobAttempts!: number;
  jobBackoffMs!: number;
  attachmentsDir!: string;

  // the api
  port!: number;
  host!: string;
  /** The api's token signing key (loadApiConfig requires it); the worker signs nothing and leaves it empty. */
  jwtSecret!: string;
  jwtTtlSeconds!: number;
  databasePoolSize!: number;
  /** how long an api statement waits for a pooled (or new) PostgreSQL connection before the request is answered 503 */
  databaseConnectionWaitMs!: number;
  /** the api records accepted commands in one transaction at most; 1: each alone (docs/architecture.md#command-batches) */
  apiCommandBatchSize!: number;
  /** how long a running batch of accepted commands holds the next one back */
  apiCommandBatchHoldMs!: number;
  /** the command path's hot statements as named prepared statements (docs/benchmarks.md, 15); `false` behind a pooler that cannot keep them */
  databasePreparedStatements!: boolean;
  rateLimitPerSecond!: number;
  rateLimitWindowSeconds!: number;
  /** Express's `trust proxy`, as written (apps/api app.factory.ts `trustProxy` interprets it) */
  trustProxy!: string;
  loginMaxFailures!: number;
  loginFailureWindowSeconds!: number;
  bodyLimit!: string;
  attachmentMaxBytes!: number;
  attachmentMaxConcurrentUploads!: number;
  opsSessionTtlSeconds!: number;
  opsCommandStuckAfterSeconds!: number;
  consoleDir!: string;
  /** scrypt's cost exponent for new password hashes (N = 2^value; p follows OWASP's table, persistence's scryptParams) */
  passwordScryptLogN!: number;
  ozonApiUrl!: string;
  /** 32 bytes, base64; empty: the marketplace connector is off */
  marketplaceSecretKey!: string;
  ozonRateLimitPerSecond!: number;
  /** the worker: how often each connected seller's Ozon import runs */
  ozonSyncEveryMs!: number;
  /** the worker: how far back an account's first import reads postings */
  ozonImportDays!: number;

  // the worker
  /** `WORKER_AUTOSTART=false`: the worker starts neither its queues nor its loops (the tests start them) */
  workerAutostart!: boolean;
  workerConcurrency!: number;
  /**
   * job slots of the events queue per worker, whose jobs wait on I/O — a refund's first payment waits on the payment
   * provider (docs/scaling.md) — so it runs more at once than the command queues
   */
  workerEventsConcurrency!: number;
  /**
   * reactions to committed events the worker runs itself right after the commit, at most this many at once; 0: every
   * event goes through the events queue (docs/architecture.md#outbox-and-inbox)
   */
  workerAfterCommitReactions!: number;
  /** 0: one connection per job the worker may run at once plus its loops (apps/worker database-pool.ts) */
  workerDatabasePoolSize!: number;
  /** command jobs run in one transaction at most; 1: each alone (docs/architecture.md#command-batches) */
  workerCommandBatchSize!: number;
  /** how long a running batch holds the next one back */
  workerCommandBatchHoldMs!: number;
  workerLockMs!: number;
  workerShutdownTimeoutMs!: number;
  workerMetricsPort!: number;
  workerMetricsHost!: string;
  runMigrations!: boolean;
  deadlineGraceMs!: number;
  outboxPollMs!: number;
  /** the relay LISTENs for the outbox's notifications (docs/benchmarks.md); `false` behind a pooler that cannot */
  outboxListen!: boolean;
  deadlineSweepMs!: number;
  recoverySweepMs!: number;
  recoveryAfterMs!: number;
  /** how long a refund's attempt holds it against another (longer than any call to the payment provider) */
  refundAttemptLeaseMs!: number;
  retentionSweepMs!: number;
  retentionCommandsDays!: number;
  retentionEventsDays!: number;
  attachmentUnusedHours!: number;
  attachmentSweepMs!: number;
  /** as written; empty means the simulator outside production (apps/worker payment-adapters.ts checks it) */
  paymentAdapter!: string;
  paymentSimulatorLatencyMs!: number;
  paymentSimulatorFailureRate!: number;
  paymentSimulatorTimeoutRate!: number;
  paymentSimulatorTimeoutMs!: number;
  paymentSimulatorDeclineRate!: number;
  /** empty: the simulator logs no calls */
  paymentSimulatorCallLog!: string;
}

/** A setting that stops a process from starting; its message is the one line the process prints. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export const MIN_JWT_SECRET_BYTES = 32;
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/aftersale';
/**
 * OWASP's scrypt settings (Password Storage Cheat Sheet) run from N = 2^17 with p = 1 (128 MiB a hash) to 2^13 with
 * p = 10 (8 MiB), all of the same strength; 2^15 with p = 3 (32 MiB) is the default (docs/benchmarks.md section 18).
 * Below 13 is for the test suite only.
 */
export const OWASP_MIN_SCRYPT_LOG_N = 13;
export const DEFAULT_SCRYPT_LOG_N = 15;

type Reader<T> = (raw: string, variable: string) => T;

/** One environment variable: how it is read, and what it is when unset (or empty). */
export interface Setting<T> {
  variable: string;
  read: Reader<T>;
  /** the default; a function of the settings declared before it where one depends on another */
  fallback: T | ((earlier: ServerConfig) => T);
}

const text: Reader<string> = (raw) => raw;
const flag =
  (when: string): Reader<boolean> =>
  (raw) =>
    raw === when;

function numberIn(range: { min?: number; whole?: boolean; above?: number; max?: number } = {}): Reader<number> {
  return (raw, variable) => {
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new ConfigurationError(`${variable} must be a number, got "${raw}"`);
    if (range.whole && !Number.isSafeInteger(value))
      throw new ConfigurationError(`${variable} must be a whole number, got "${raw}"`);
    if (range.min !== undefined && value < range.min)
      throw new ConfigurationError(`${variable} must be at least ${range.min}, got "${raw}"`);
    if (range.above !== undefined && !(value > range.above))
      throw new ConfigurationError(`${variable} must be more than ${range.above}, got "${raw}"`);
    if (range.max !== undefined && value > range.max)
      throw new ConfigurationError(`${variable} must be at most ${range.max}, got "${raw}"`);
    return value;
  };
}

const duration = numberIn({ min: 0 });
const positive = numberIn({ above: 0 });
const count = numberIn({ whole: true, min: 1 });
const share = numberIn({ min: 0, max: 1 });
const port = numberIn({ whole: true, min: 0, max: 65535 });

const setting = <T>(variable: string, read: Reader<T>, fallback: Setting<T>['fallback']): Setting<T> => ({
  variable,
  read,
  fallback,
});

/** Every setting, by its field in ServerConfig: the variable, how it is read and checked, its default. */
export const SETTINGS: { [K in keyof ServerConfig]: Setting<ServerConfig[K]> } = {
  databaseUrl: setting('DATABASE_URL', text, DEFAULT_DATABASE_URL),
  redisUrl: setting('REDIS_URL', text, 'redis://127.0.0.1:6379'),
  queuePrefix: setting('QUEUE_PREFIX', text, 'aftersale'),
  production: setting('NODE_ENV', flag('production'), false),
  logLevel: setting('LOG_LEVEL', text, 'info'),
  commandWaitMs: setting('COMMAND_WAIT_MS', duration, 5000),
  enqueueTimeoutMs: setting('ENQUEUE_TIMEOUT_MS', duration, 2000),
  jobAttempts: setting('JOB_ATTEMPTS', count, 8),
  jobBackoffMs: setting('JOB_BACKOFF_MS', duration, 500),
  attachmentsDir: setting('ATTACHMENTS_DIR', text, './var/attachments'),

  port: setting('PORT', port, 3000),
  host: setting('HOST', text, '0.0.0.0'),
  jwtSecret: setting('JWT_SECRET', text, ''),
  jwtTtlSeconds: setting('JWT_TTL_SECONDS', positive, 8 * 3600),
  databasePoolSize: setting('DATABASE_POOL_SIZE', count, 20),
  databaseConnectionWaitMs: setting('DATABASE_CONNECTION_WAIT_MS', positive, 3000),
  apiCommandBatchSize: setting('API_COMMAND_BATCH_SIZE', numberIn({ whole: true, min: 1 }), 16),
  apiCommandBatchHoldMs: setting('API_COMMAND_BATCH_HOLD_MS', positive, 50),
  databasePreparedStatements: setting('DATABASE_PREPARED_STATEMENTS', (raw) => raw !== 'false', true),
  rateLimitPerSecond: setting('RATE_LIMIT_PER_SECOND', positive, 50),
  rateLimitWindowSeconds: setting('RATE_LIMIT_WINDOW_SECONDS', positive, 1),
  trustProxy: setting('TRUST_PROXY', text, ''),
  loginMaxFailures: setting('LOGIN_MAX_FAILURES', count, 10),
  loginFailureWindowSeconds: setting('LOGIN_FAILURE_WINDOW_SECONDS', positive, 15 * 60),
  bodyLimit: setting('BODY_LIMIT', text, '256kb'),
  attachmentMaxBytes: setting('ATTACHMENT_MAX_BYTES', count, 20 * 1024 * 1024),
  attachmentMaxConcurrentUploads: setting('ATTACHMENT_MAX_CONCURRENT_UPLOADS', count, 8),
  opsSessionTtlSeconds: setting('OPS_SESSION_TTL_SECONDS', positive, 300),
  opsCommandStuckAfterSeconds: setting('OPS_COMMAND_STUCK_AFTER_SECONDS', duration, 60),
  consoleDir: setting('CONSOLE_DIR', text, 'dist/apps/console'),
  passwordScryptLogN: setting(
    'PASSWORD_SCRYPT_LOG_N',
    (raw, variable) => {
      const logN = Number(raw);
      if (!Number.isInteger(logN) || logN < 10 || logN > 20)
        throw new ConfigurationError(`${variable} must be an integer from 10 to 20, got "${raw}"`);
      return logN;
    },
    DEFAULT_SCRYPT_LOG_N,
  ),
  ozonApiUrl: setting('OZON_API_URL', text, 'https://api-seller.ozon.ru'),
  marketplaceSecretKey: setting('MARKETPLACE_SECRET_KEY', text, ''),
  ozonRateLimitPerSecond: setting('OZON_RATE_LIMIT_PER_SECOND', positive, 10),
  ozonSyncEveryMs: setting('OZON_SYNC_EVERY_MS', positive, 60_000),
  ozonImportDays: setting('OZON_IMPORT_DAYS', positive, 14),

  workerAutostart: setting('WORKER_AUTOSTART', (raw) => raw !== 'false', true),
  // 16 rather than 8: the command jobs a worker holds at once bound its batches (docs/architecture.md#command-batches),
  // and larger batches share their transactions more: 14–17 % less CPU per approval (docs/benchmarks.md, 74)
  workerConcurrency: setting('WORKER_CONCURRENCY', count, 16),
  workerEventsConcurrency: setting('WORKER_EVENTS_CONCURRENCY', count, 48),
  workerAfterCommitReactions: setting('WORKER_AFTER_COMMIT_REACTIONS', numberIn({ whole: true, min: 0 }), 48),
  workerDatabasePoolSize: setting('WORKER_DATABASE_POOL_SIZE', numberIn({ whole: true, min: 1 }), 10),
  workerCommandBatchSize: setting('WORKER_COMMAND_BATCH_SIZE', numberIn({ whole: true, min: 1 }), 16),
  workerCommandBatchHoldMs: setting('WORKER_COMMAND_BATCH_HOLD_MS', positive, 50),
  workerLockMs: setting('WORKER_LOCK_MS', positive, 30000),
  workerShutdownTimeoutMs: setting('WORKER_SHUTDOWN_TIMEOUT_MS', duration, 25_000),
  workerMetricsPort: setting('WORKER_METRICS_PORT', port, 9464),
  workerMetricsHost: setting('WORKER_METRICS_HOST', text, '0.0.0.0'),
  runMigrations: setting('RUN_MIGRATIONS', flag('true'), false),
  deadlineGraceMs: setting('DEADLINE_GRACE_MS', duration, (earlier) => earlier.enqueueTimeoutMs + 3000),
  outboxPollMs: setting('OUTBOX_POLL_MS', positive, 1000),
  outboxListen: setting('OUTBOX_LISTEN', (raw) => raw !== 'false', true),
  deadlineSweepMs: setting('DEADLINE_SWEEP_MS', positive, 5000),
  recoverySweepMs: setting('RECOVERY_SWEEP_MS', positive, 15000),
  recoveryAfterMs: setting('RECOVERY_AFTER_MS', duration, 30000),
  refundAttemptLeaseMs: setting('REFUND_ATTEMPT_LEASE_MS', positive, 60_000),
  retentionSweepMs: setting('RETENTION_SWEEP_MS', positive, 600_000),
  retentionCommandsDays: setting('RETENTION_COMMANDS_DAYS', duration, 30),
  retentionEventsDays: setting('RETENTION_EVENTS_DAYS', duration, 7),
  attachmentUnusedHours: setting('ATTACHMENT_UNUSED_HOURS', duration, 24),
  attachmentSweepMs: setting('ATTACHMENT_SWEEP_MS', positive, 3600_000),
  paymentAdapter: setting('PAYMENT_ADAPTER', (raw) => raw.trim(), ''),
  paymentSimulatorLatencyMs: setting('PAYMENT_SIMULATOR_LATENCY_MS', duration, 50),
  paymentSimulatorFailureRate: setting('PAYMENT_SIMULATOR_FAILURE_RATE', share, 0),
  paymentSimulatorTimeoutRate: setting('PAYMENT_SIMULATOR_TIMEOUT_RATE', share, 0),
  paymentSimulatorTimeoutMs: setting('PAYMENT_SIMULATOR_TIMEOUT_MS', duration, 1000),
  paymentSimulatorDeclineRate: setting('PAYMENT_SIMULATOR_DECLINE_RATE', share, 0),
  paymentSimulatorCallLog: setting('PAYMENT_SIMULATOR_CALL_LOG', text, ''),
};

/** The environment variables the configuration reads (README "Configuration" documents each). */
export function settingVariables(): string[] {
  return Object.values(SETTINGS).map((entry) => entry.variable);
}

/**
 * The worker's settings (and the api's, but for its signing key: see loadApiConfig), read from `env` and
 * checked; `overrides` replace what was read (the tests give each stack its own database and queues).
 */
export function loadServerConfig(
  overrides: Partial<ServerConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const config = new ServerConfig();
  const values = config as unknown as Record<string, unknown>;
  for (const [field, entry] of Object.entries(SETTINGS) as [keyof ServerConfig, Setting<unknown>][]) {
    const raw = env[entry.variable];
    values[field] =
      raw !== undefined && raw !== ''
        ? entry.read(raw, entry.variable)
        : typeof entry.fallback === 'function'
          ? (entry.fallback as (earlier: ServerConfig) => unknown)(config)
          : entry.fallback;
  }
  Object.assign(config, overrides);
  checkTogether(config);
  return config;
}

/** Rules between settings: each names the variables involved, in one line. */
function checkTogether(config: ServerConfig): void {
  // A decision the api accepted before a deadline must be visible to the deadline's timer when it fires: an api
  // that cannot enqueue it withdraws it within ENQUEUE_TIMEOUT_MS, so the grace must be longer than that.
  if (config.deadlineGraceMs <= config.enqueueTimeoutMs)
    throw new ConfigurationError(
      `DEADLINE_GRACE_MS (${config.deadlineGraceMs}) must be longer than ENQUEUE_TIMEOUT_MS (${config.enqueueTimeoutMs}), or a decision accepted just before a deadline can lose to its timer`,
    );
  // Every connected seller's Api-Key goes to OZON_API_URL: in production only over https, so that the simulator
  // (plain http, apps/ozon-sim) or a mistyped address never gets real keys, nor pretends to be Ozon (docs/ozon.md).
  if (config.production && !/^https:\/\//i.test(config.ozonApiUrl))
    throw new ConfigurationError(
      `OZON_API_URL=${config.ozonApiUrl} is not an https address: with NODE_ENV=production the sellers' Ozon Api-Keys go only to Ozon's own service (https://api-seller.ozon.ru, the default)`,
    );
}

/**
 * `JWT_SECRET`, required by the api whatever `NODE_ENV` says: without it, or with fewer than 32 bytes
 * (HS256's key should be at least as long as its hash), anyone could forge access tokens. `npm run demo`
 * and the tests bring their own.
 */
export function jwtSecretFrom(env: NodeJS.ProcessEnv): string {
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

/**
 * The api's settings: the shared ones, a valid `JWT_SECRET`, and a password cost production accepts (the test
 * suite lowers it to log in hundreds of times); throws ConfigurationError otherwise.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const config = loadServerConfig({ jwtSecret: jwtSecretFrom(env) }, env);
  if (config.production && config.passwordScryptLogN < OWASP_MIN_SCRYPT_LOG_N)
    throw new ConfigurationError(
      `PASSWORD_SCRYPT_LOG_N=${config.passwordScryptLogN} is below OWASP's ${OWASP_MIN_SCRYPT_LOG_N}: refused in production`,
    );
  return config;
}
