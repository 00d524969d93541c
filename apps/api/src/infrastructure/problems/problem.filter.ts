import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { Response } from 'express';
import { ProblemDocument } from '@aftersale/contracts';
import { isDomainError } from '@aftersale/domain';
import { problemDocument, ProblemException } from './problem.exception';

/** Errors that mean PostgreSQL or Redis is out of reach (503 with Retry-After; the client retries with its key). */
const UNAVAILABLE_PATTERNS = [
  /ECONNREFUSED/,
  // a connection reset under a query in flight, e.g. PostgreSQL's immediate shutdown (fault suite, scenario 3)
  /ECONNRESET/,
  /EPIPE/,
  /ETIMEDOUT/,
  /ENOTFOUND/,
  /Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Stream isn't writeable/,
  /MaxRetriesPerRequest/,
  /Connection is closed/,
  /the database system is/,
  /terminating connection/,
];

export function isUnavailableError(error: unknown): boolean {
  const text =
    error instanceof Error
      ? `${error.name} ${error.message} ${(error as { code?: string }).code ?? ''}`
      : String(error);
  return UNAVAILABLE_PATTERNS.some((pattern) => pattern.test(text)) || (error as { code?: string })?.code === '57P03';
}

/** Every error leaves the api as an RFC 9457 problem document; nothing a client sends earns a 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const document = this.toProblem(exception);
    // a problem may say when to come back (`retryAfter`, seconds); else 1 s for a 429, 5 s for a 503
    const retryAfter =
      typeof document.retryAfter === 'number' ? Math.max(1, Math.ceil(document.retryAfter)) : undefined;
    if (document.status === 429) response.setHeader('Retry-After', String(retryAfter ?? 1));
    if (document.status === 503) response.setHeader('Retry-After', String(retryAfter ?? 5));
    if (document.status >= 500 && document.status !== 503) this.logger.error(exception);
    if (response.headersSent) return;
    response.status(document.status).type('application/problem+json').send(JSON.stringify(document));
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof ProblemException) return exception.document;
    if (isDomainError(exception)) return problemDocument(exception.code, exception.message, exception.details);
    if (exception instanceof ThrottlerException)
      return problemDocument('rate-limited', 'Too many requests; slow down.');
    const bodyParserType = (exception as { type?: string })?.type;
    if (bodyParserType === 'entity.too.large')
      return problemDocument('payload-too-large', 'The request body is over the limit.');
    if (bodyParserType === 'entity.parse.failed')
      return problemDocument('validation-failed', 'The body is not valid JSON.', {
        errors: [{ field: 'body', message: 'malformed JSON' }],
      });
    if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
      return problemDocument('validation-failed', 'Unsupported body encoding.', {
        errors: [{ field: 'body', message: bodyParserType }],
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return problemDocument('not-found', 'No such resource.');
      if (status === 413) return problemDocument('payload-too-large', 'The request body is over the limit.');
      if (status === 401) return problemDocument('unauthenticated', 'Credentials are missing or invalid.');
      if (status === 403) return problemDocument('forbidden', 'Your role may not do this.');
      if (status === 415) return problemDocument('unsupported-media-type', exception.message);
      if (status === 429) return problemDocument('rate-limited', 'Too many requests; slow down.');
      if (status < 500)
        return problemDocument('validation-failed', exception.message, {
          errors: [{ field: 'request', message: exception.message }],
        });
    }
    if (isUnavailableError(exception))
      return problemDocument(
        'service-unavailable',
        'A backing service is unreachable; nothing was changed. Try again shortly.',
      );
    return problemDocument('internal-error', 'Something went wrong on our side.');
  }
}
