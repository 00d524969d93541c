import { fetchUtils, HttpError } from 'react-admin';
import { problemError } from './problems';
import { session } from './session';

export const API = '/api/v1';

/** react-admin's fetchJson with the bearer token; failures become translated problem errors. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = session.token();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    return await fetchUtils.fetchJson(url, { ...options, headers });
  } catch (error) {
    if (error instanceof HttpError) throw problemError(error.status, error.body);
    throw new HttpError('problems.network', 0, null);
  }
}

/** A random id for Idempotency-Key (crypto.randomUUID needs a secure context; this works over plain http too). */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
