import { v7 } from 'uuid';

/**
 * The id of a new row: an aggregate, an event, a command, a message, a user, a correlation id. A UUIDv7 (RFC 9562):
 * the time in milliseconds, then a counter that starts at a random value each millisecond, then 42 random bits. Ids
 * made one after another sort one after another, so each table's primary key, and every index that holds an id,
 * takes new entries on its last pages instead of on a random page of the whole index: fewer pages read into
 * PostgreSQL's buffers and written again, fewer whole pages copied into the WAL after each checkpoint
 * (docs/architecture.md "Ids"; docs/benchmarks.md, 70). The random bits keep an id from being worked out from
 * another, and a guessed id is a 404 outside its tenant in any case.
 */
export function newId(): string {
  return v7();
}
