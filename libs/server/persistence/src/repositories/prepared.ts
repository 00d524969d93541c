import { createHash } from 'node:crypto';

/**
 * A named statement's config as node-postgres takes it, made once per text: node-postgres copies a config's own
 * properties for every query, so it has only the two, its text for whoever prints it coming from the prototype.
 */
class NamedStatement {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }
}

const statements = new Map<string, NamedStatement>();
let enabled = true;

/**
 * Named prepared statements on or off for this process (`DATABASE_PREPARED_STATEMENTS`, README "Configuration"):
 * off behind a connection pooler that cannot keep them (PgBouncer in transaction mode before 1.21), where every
 * statement is then sent unnamed as before.
 */
export function usePreparedStatements(on: boolean): void {
  enabled = on;
}

/**
 * A statement of the command path sent as a node-postgres named prepared statement (docs/benchmarks.md, 15):
 * PostgreSQL parses and analyses it once per connection and, after a few runs, keeps one generic plan when that
 * costs no more than planning each run — an unnamed statement is parsed and planned on every run, which was a
 * third of PostgreSQL's CPU per approval. For fixed texts whose plan does not depend on their parameters (lookups
 * and writes by key); the name is a hash of the text, so two texts never share one. TypeORM hands the query
 * config on to node-postgres unchanged (`EntityManager.query`, `DataSource.query`); `toString` gives the text to
 * whatever logs it.
 */
export function prepared(text: string): string {
  if (!enabled) return text;
  let statement = statements.get(text);
  if (!statement) {
    statement = new NamedStatement(`as_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text);
    statements.set(text, statement);
  }
  return statement as unknown as string;
}
