import { OzonApiError } from './ozon-api.error';
import type { OzonCredentials, OzonErrorBody, OzonPath, OzonRequest, OzonResponse } from './ozon-types';
import { PerSellerRateLimiter } from './rate-limiter';

export interface OzonClientOptions {
  /** `https://api-seller.ozon.ru` for the real service, the simulator's address otherwise */
  baseUrl: string;
  credentials: OzonCredentials;
  /** shared by every client of the process, so one account's calls share its limit */
  rateLimiter: PerSellerRateLimiter;
  timeoutMs?: number;
  /** attempts for 429, 5xx, timeouts and network errors (others are never retried) */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** sees every request body before it is sent (the tests validate them against Ozon's document) */
  onRequest?: (path: OzonPath, body: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * Ozon Seller API over HTTP: every call is `POST` + JSON with the `Client-Id` and `Api-Key` headers, typed from
 * Ozon's OpenAPI document. Retries 429 and 5xx with exponential backoff and full jitter (honouring
 * `Retry-After`), bounds each call with a timeout, and waits for the account's rate limit before each attempt.
 * The Api-Key goes only into the header; it is in no error message and no log line.
 */
export class OzonClient {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: OzonClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  get clientId(): string {
    return this.options.credentials.clientId;
  }

  /**
   * `once`: a single attempt, for a call that is not idempotent (a chat message): after a timeout it may have been
   * applied, so the caller checks Ozon's state before it sends again.
   */
  async call<P extends OzonPath>(
    path: P,
    body: OzonRequest<P>,
    options: { once?: boolean } = {},
  ): Promise<OzonResponse<P>> {
    this.options.onRequest?.(path, body);
    let last: OzonApiError | undefined;
    const attempts = options.once ? 1 : this.maxAttempts;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await this.options.rateLimiter.take(this.clientId);
      const outcome = await this.attempt(path, body);
      if (!(outcome instanceof OzonApiError)) return outcome as OzonResponse<P>;
      last = outcome;
      if (outcome.kind !== 'rate-limited' && outcome.kind !== 'unreachable') throw outcome;
      if (attempt < attempts) await this.sleep(this.backoff(attempt, outcome.retryAfterMs));
    }
    throw last!;
  }

  /** full jitter: a random wait up to the exponential bound, so many sellers' retries do not arrive together */
  private backoff(attempt: number, retryAfterMs?: number): number {
    const bound = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.max(retryAfterMs ?? 0, Math.floor(this.random() * bound));
  }

  private async attempt(path: OzonPath, body: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method: 'POST',
        headers: {
          'Client-Id': this.options.credentials.clientId,
          'Api-Key': this.options.credentials.apiKey,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : 'unreachable';
      return new OzonApiError('unreachable', path, reason);
    }
    const text = await response.text().catch(() => undefined);
    // an answer whose body never arrived is no answer: read as an empty success, a list would end on its first page
    if (text === undefined) return new OzonApiError('unreachable', path, 'the answer was cut off');
    if (response.ok) return text ? JSON.parse(text) : {};
    const problem = parseError(text);
    const message = problem?.message || `HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403) {
      return new OzonApiError('bad-credentials', path, message, response.status, problem?.code);
    }
    if (RETRYABLE.has(response.status)) {
      const kind = response.status === 429 ? 'rate-limited' : 'unreachable';
      const wait = retryAfter(response.headers.get('retry-after'));
      return new OzonApiError(kind, path, message, response.status, problem?.code, wait);
    }
    return new OzonApiError('refused', path, message, response.status, problem?.code);
  }
}

function parseError(text: string): OzonErrorBody | undefined {
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as OzonErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function retryAfter(header: string | null): number | undefined {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : undefined;
}
