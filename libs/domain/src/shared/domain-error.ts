import { ProblemCode } from '@aftersale/contracts';

/**
 * A refusal by the rules. It carries a stable code (it crosses a queue as data, where `instanceof` would
 * not survive) and is final: the worker records it as the command's outcome and never retries it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly details: { currentState?: string; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalidTransition(what: string, currentState: string): DomainError {
    return new DomainError('invalid-transition', `${what} is not allowed while the state is ${currentState}.`, {
      currentState,
    });
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError ||
    (typeof error === 'object' && error !== null && (error as { name?: string }).name === 'DomainError')
  );
}
