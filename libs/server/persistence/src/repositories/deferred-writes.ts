import { EntityManager, QueryRunner } from 'typeorm';
import { prepared } from './prepared';

/**
 * One write of a repository (an aggregate's insert or versioned update, its order lines, the events' audit and
 * outbox rows, a command's outcome), as it is sent on its own or queued in a transaction that defers its writes.
 */
export interface Write {
  /** the table it writes; a read that names it (`queryBeside`) sends the queued writes first */
  table: string;
  /**
   * the row it writes (`table:id`): a data-modifying CTE cannot change one row twice (PostgreSQL applies only one
   * of the two, without an error), so a second write of a queued row sends the queue first
   */
  row?: string;
  /**
   * what the statement needs before it, as WITH parts (a SELECT or an INSERT each), by names used nowhere else in its
   * text (they are renamed in a combined statement; no part may itself start with WITH)
   */
  parts?: { name: string; text: string }[];
  /** one INSERT or UPDATE, without RETURNING; `$n` number its parameters over the parts and it together */
  text: string;
  values: unknown[];
  /** an UPDATE that must change this many rows, else `mismatch()` is thrown (a versioned update: one) */
  expect?: { rows: number; mismatch: () => Error };
}

type Send = (query: string, parameters?: unknown[]) => Promise<unknown>;

/** The write's statement on its own: its parts as a WITH, the text as it always was without them. */
function alone(write: Write): string {
  if (!write.parts?.length) return write.text;
  return `WITH ${write.parts.map((part) => `${part.name} AS (${part.text})`).join(', ')}\n${write.text}`;
}

async function sendAlone(send: Send, write: Write): Promise<void> {
  const result = await send(prepared(alone(write)), write.values);
  // node-postgres through TypeORM: an UPDATE answers [rows, affected]
  if (write.expect && (result as [unknown, number])[1] !== write.expect.rows) throw write.expect.mismatch();
}

/**
 * Several writes as one statement (docs/benchmarks.md, 22): each a data-modifying CTE `w<i>` (its parts `w<i>_<name>`),
 * its parameters renumbered after the ones before it; the rows changed by each checked write counted in the final
 * SELECT. The text depends only on the writes' texts, so a command type's is stable and prepared once per connection.
 */
export function combinedStatement(writes: Write[]): { text: string; values: unknown[]; checked: string[] } {
  const ctes: string[] = [];
  const values: unknown[] = [];
  const checked: string[] = [];
  writes.forEach((write, index) => {
    const name = `w${index + 1}`;
    const offset = values.length;
    const local = (write.parts ?? []).map((part) => ({
      from: new RegExp(`\\b${part.name}\\b`, 'g'),
      to: `${name}_${part.name}`,
    }));
    const rewrite = (sql: string) =>
      local
        .reduce((text, { from, to }) => text.replace(from, to), sql)
        .replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    for (const part of write.parts ?? []) ctes.push(`${name}_${part.name} AS (${rewrite(part.text)})`);
    ctes.push(`${name} AS (${rewrite(write.text)}${write.expect ? ' RETURNING 1' : ''})`);
    values.push(...write.values);
    if (write.expect) checked.push(name);
  });
  const counts = checked.map((name) => `(SELECT count(*) FROM ${name})::int AS ${name}`);
  return {
    text: `WITH ${ctes.join(',\n')}\nSELECT ${counts.length ? counts.join(', ') : '1 AS done'}`,
    values,
    checked,
  };
}

/**
 * The writes a transaction has queued and not sent (docs/benchmarks.md, 22). Every statement the transaction sends
 * otherwise — a read, a write that is not queued, the COMMIT — sends them first, so nothing reads or writes past a
 * queued write; a ROLLBACK drops them.
 */
export class DeferredWrites {
  private queue: Write[] = [];

  constructor(private readonly send: Send) {}

  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** whether a queued write changes one of these tables */
  touches(tables: string[]): boolean {
    return this.queue.some((write) => tables.includes(write.table));
  }

  async add(write: Write): Promise<void> {
    if (write.row && this.queue.some((queued) => queued.row === write.row)) await this.flush();
    this.queue.push(write);
  }

  /** Sends the queued writes: one alone as it always was, several as one statement; checks what each changed. */
  async flush(): Promise<void> {
    const writes = this.queue.splice(0);
    if (writes.length === 0) return;
    if (writes.length === 1) return sendAlone(this.send, writes[0]);
    const { text, values, checked } = combinedStatement(writes);
    const [counts] = (await this.send(prepared(text), values)) as Record<string, number>[];
    for (const [index, write] of writes.entries()) {
      const name = `w${index + 1}`;
      if (write.expect && checked.includes(name) && Number(counts[name]) !== write.expect.rows)
        throw write.expect.mismatch();
    }
  }

  discard(): void {
    this.queue = [];
  }

  /** a statement sent without sending the queue first (`queryBeside`) */
  sendNow(query: string, parameters?: unknown[]): Promise<unknown> {
    return this.send(query, parameters);
  }
}

const deferring = new WeakMap<EntityManager, DeferredWrites>();

/**
 * From here to the end of the transaction of `manager` (a transaction's own manager), the repositories' writes are
 * queued (`write`) and sent as one statement by `flush`, or before whatever else the transaction sends: its query
 * runner sends the queue before any other statement, TypeORM's own included, and drops it on a ROLLBACK (the
 * transaction's, or to a savepoint: the queue is sent before a SAVEPOINT, so what is queued after one is its own).
 */
export function deferWrites(manager: EntityManager): DeferredWrites {
  const runner = manager.queryRunner as QueryRunner | undefined;
  if (!runner) throw new Error('deferWrites: the manager of a transaction is needed');
  const send = runner.query.bind(runner) as QueryRunner['query'];
  const writes = new DeferredWrites(send);
  runner.query = (async (query: string, parameters?: unknown[], structured?: boolean) => {
    if (writes.pending) {
      if (/^\s*ROLLBACK/i.test(String(query))) writes.discard();
      else await writes.flush();
    }
    return send(query, parameters, structured as true);
  }) as QueryRunner['query'];
  deferring.set(manager, writes);
  return writes;
}

/** Sends a write now, or queues it in a transaction that defers its writes (`deferWrites`). */
export async function write(manager: EntityManager, write: Write): Promise<void> {
  const writes = deferring.get(manager);
  if (writes) return writes.add(write);
  await sendAlone((query, parameters) => manager.query(query, parameters), write);
}

/**
 * A read of `tables` only, which no queued write of other tables can change: sent beside the queue (the queue is sent
 * first only when it writes one of them), so the transaction's writes still go in one statement at its end.
 */
export async function queryBeside<T = unknown>(
  manager: EntityManager,
  tables: string[],
  query: string,
  parameters: unknown[],
): Promise<T> {
  const writes = deferring.get(manager);
  if (!writes) return manager.query(query, parameters);
  if (writes.touches(tables)) await writes.flush();
  return writes.sendNow(query, parameters) as Promise<T>;
}
