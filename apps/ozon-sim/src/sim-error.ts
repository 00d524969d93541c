/** An answer Ozon gives as an `rpcStatus` body: `{ code, message, details }` with an HTTP status. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  static invalid(message: string): SimError {
    return new SimError(400, 3, message);
  }

  static notFound(message: string): SimError {
    return new SimError(404, 5, message);
  }

  static conflict(message: string): SimError {
    return new SimError(409, 9, message);
  }
}
