import { AsyncLocalStorage } from 'node:async_hooks';
import { newId } from '@aftersale/domain';

/**
 * The correlation id (docs/operations.md "Correlation id"): taken from a request's `X-Request-Id` (or made
 * up), kept in async context while the request, and later each job it caused, is being handled; written
 * on the command row, the events and the refund, carried in every job's data, and added to every log line.
 */
const storage = new AsyncLocalStorage<{ correlationId: string }>();

/** What a client may send as X-Request-Id: printable, short, no spaces (anything else is replaced). */
const VALID = /^[A-Za-z0-9._:@\-]{1,128}$/;

export function acceptedCorrelationId(header: unknown): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && VALID.test(value) ? value : newId();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** Runs `work` with `correlationId` as the current one (or as is, when there is none). */
export function withCorrelation<T>(correlationId: string | null | undefined, work: () => T): T {
  return correlationId ? storage.run({ correlationId }, work) : work();
}
