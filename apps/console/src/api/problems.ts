import { HttpError } from 'react-admin';
import { PROBLEM_STATUS, type ProblemDocument } from '@aftersale/contracts';

/**
 * The console shows problems by their stable `code` (docs/api.md "Errors"), translated; never the api's English
 * `detail`. An HttpError's message is the translation key, its body the problem document.
 */
export function problemKey(body: unknown, status?: number): string {
  const code = (body as Partial<ProblemDocument> | null)?.code;
  if (typeof code === 'string' && code in PROBLEM_STATUS) return `problems.${code}`;
  if (status === 404) return 'problems.not-found';
  if (status === 401) return 'problems.unauthenticated';
  if (status === 403) return 'problems.forbidden';
  return 'problems.unknown';
}

export function problemError(status: number, body: unknown): HttpError {
  return new HttpError(problemKey(body, status), status, body);
}

export function isProblemError(error: unknown): error is HttpError & { body: ProblemDocument } {
  return error instanceof HttpError;
}
