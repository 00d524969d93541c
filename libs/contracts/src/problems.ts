/** The problem codes of docs/api.md#errors; the console maps the same codes to translated messages. */
export const PROBLEM_STATUS = {
  'validation-failed': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'order-already-shipped': 409,
  'invalid-transition': 409,
  'cancellation-already-open': 409,
  'order-has-open-cancellation': 409,
  'duplicate-posting-number': 409,
  'duplicate-email': 409,
  'refund-exceeds-paid': 422,
  'compensation-too-high': 422,
  'currency-mismatch': 422,
  'evidence-required': 422,
  'idempotency-key-reused': 422,
  'marketplace-credentials-refused': 422,
  'unsupported-media-type': 415,
  'payload-too-large': 413,
  'rate-limited': 429,
  'service-unavailable': 503,
  'internal-error': 500,
} as const;

export type ProblemCode = keyof typeof PROBLEM_STATUS;

export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  'validation-failed': 'Validation failed',
  unauthenticated: 'Unauthenticated',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'order-already-shipped': 'Order already shipped',
  'invalid-transition': 'Invalid transition',
  'cancellation-already-open': 'Cancellation already open',
  'order-has-open-cancellation': 'Order has an open cancellation',
  'duplicate-posting-number': 'Duplicate posting number',
  'duplicate-email': 'Duplicate email',
  'refund-exceeds-paid': 'Refund exceeds paid',
  'compensation-too-high': 'Compensation too high',
  'currency-mismatch': 'Currency mismatch',
  'evidence-required': 'Evidence required',
  'idempotency-key-reused': 'Idempotency key reused',
  'marketplace-credentials-refused': 'Marketplace credentials refused',
  'unsupported-media-type': 'Unsupported media type',
  'payload-too-large': 'Payload too large',
  'rate-limited': 'Rate limited',
  'service-unavailable': 'Service unavailable',
  'internal-error': 'Internal error',
};

export const PROBLEM_TYPE_BASE = 'https://aftersale.dev/problems/';

/** RFC 9457 problem details, with the stable `code` and optional extension members. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ProblemCode;
  currentState?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}
