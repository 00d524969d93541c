import pino, { Logger as PinoLogger, LoggerOptions } from 'pino';
import { currentCorrelationId } from './correlation';

/**
 * Paths never written to a log (docs/operations.md "Logs"): credentials in headers, bodies and job data.
 * pino's redaction replaces them with "[Redacted]".
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.headers["api-key"]',
  'apiKey',
  '*.apiKey',
  'password',
  'accessToken',
  'token',
  '*.password',
  '*.accessToken',
  '*.token',
];

/** The JSON logger of the api and the worker: one line per entry, with the current correlation id. */
export function createJsonLogger(service: 'api' | 'worker', level: string, options: LoggerOptions = {}): PinoLogger {
  return pino({
    level,
    base: { service },
    redact: REDACTED_PATHS,
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    ...options,
  });
}
