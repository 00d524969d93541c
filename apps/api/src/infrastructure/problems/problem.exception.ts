import { PROBLEM_STATUS, PROBLEM_TITLES, PROBLEM_TYPE_BASE, ProblemCode, ProblemDocument } from '@aftersale/contracts';

/** Thrown anywhere in the api to answer with an RFC 9457 problem document. */
export class ProblemException extends Error {
  readonly document: ProblemDocument;

  constructor(code: ProblemCode, detail?: string, extensions: Record<string, unknown> = {}) {
    super(detail ?? PROBLEM_TITLES[code]);
    this.document = problemDocument(code, detail, extensions);
  }

  static fromDocument(document: ProblemDocument): ProblemException {
    const exception = new ProblemException(document.code);
    (exception as { document: ProblemDocument }).document = document;
    return exception;
  }
}

export function problemDocument(
  code: ProblemCode,
  detail?: string,
  extensions: Record<string, unknown> = {},
): ProblemDocument {
  return {
    type: PROBLEM_TYPE_BASE + code,
    title: PROBLEM_TITLES[code],
    status: PROBLEM_STATUS[code],
    ...(detail ? { detail } : {}),
    code,
    ...extensions,
  };
}

export const notFound = (what = 'record') => new ProblemException('not-found', `No such ${what}.`);
export const forbidden = () => new ProblemException('forbidden', 'Your role may not do this.');
export const validationFailed = (errors: { field: string; message: string }[]) =>
  new ProblemException('validation-failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
