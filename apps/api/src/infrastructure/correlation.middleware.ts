import { NextFunction, Request, Response } from 'express';
import { acceptedCorrelationId, withCorrelation } from '@aftersale/server/messaging';

/**
 * `X-Request-Id` in and out (docs/operations.md "Correlation id"): the client's id when it is a sane one,
 * a new uuid otherwise; the request is handled with it as the current correlation id, and pino-http logs
 * it as `req.id`. Mounted after the body parser, whose stream callbacks would lose the async context.
 */
export function correlationMiddleware(request: Request, response: Response, next: NextFunction): void {
  const correlationId = acceptedCorrelationId(request.headers['x-request-id']);
  (request as Request & { id: string }).id = correlationId;
  response.setHeader('X-Request-Id', correlationId);
  withCorrelation(correlationId, next);
}
