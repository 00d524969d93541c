/**
 * How a call to Ozon failed, in the terms a connection status needs (docs/ozon.md#connection-status):
 * - `bad-credentials`: Ozon refused the Client-Id / Api-Key pair (401/403);
 * - `rate-limited`: still 429 after the retries;
 * - `unreachable`: network error, timeout or 5xx after the retries;
 * - `refused`: any other 4xx — Ozon understood and said no (the message says why); never retried.
 */
export type OzonFailureKind = 'bad-credentials' | 'rate-limited' | 'unreachable' | 'refused';

export class OzonApiError extends Error {
  constructor(
    readonly kind: OzonFailureKind,
    readonly path: string,
    message: string,
    readonly status?: number,
    readonly ozonCode?: number,
    /** what Ozon's `Retry-After` asked for, on a 429 or 503 */
    readonly retryAfterMs?: number,
  ) {
    super(`Ozon ${path}: ${message}`);
    this.name = 'OzonApiError';
  }
}
