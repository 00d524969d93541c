/** A versioned update found another version: the worker retries the command against the new state. */
export class ConcurrencyError extends Error {
  constructor(what: string, id: string) {
    super(`${what} ${id} was changed concurrently`);
    this.name = 'ConcurrencyError';
  }
}

export function isConcurrencyError(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  // serialization failures and deadlocks are races too
  const code = (error as { code?: string })?.code;
  return code === '40001' || code === '40P01';
}
