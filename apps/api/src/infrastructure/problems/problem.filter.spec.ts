import { QueryFailedError } from 'typeorm';
import { isUnavailableError } from './problem.filter';

describe('an error means the database or Redis is out of reach (503), not a fault of ours (500)', () => {
  it.each([
    ['a query whose connection was reset (PostgreSQL shut down immediately)', 'read ECONNRESET'],
    ['a write to a closed socket', 'write EPIPE'],
    ['a refused connection', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['a connection ended by the server', 'Connection terminated unexpectedly'],
    ['PostgreSQL shutting down', 'terminating connection due to administrator command'],
  ])('%s', (_, message) => {
    expect(isUnavailableError(new QueryFailedError('SELECT 1', [], new Error(message)))).toBe(true);
  });

  it('an error of our own stays a 500', () => {
    expect(isUnavailableError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isUnavailableError(new QueryFailedError('SELECT 1', [], new Error('syntax error at or near "x"')))).toBe(
      false,
    );
  });
});
