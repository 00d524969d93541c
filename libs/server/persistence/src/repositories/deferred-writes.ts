import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryFailedError, QueryResult, QueryRunner } from 'typeorm';
import { prepared } from './prepared';
import { ConcurrencyError } from './concurrency.error';

/**
 * One command of a batch that shares a transaction with others (the worker's command batches, docs/benchmarks.md,
 * 57): the writes it queues go as a statement of their own, its text the one the command has alone (so it stays
 * prepared). A transaction has one `aftersale.correlation_id`, the default of the rows it writes (migration
 * 1765000000000), and each command's rows carry their own: the rows a batched command inserts into those tables name
 * their correlation id themselves (`correlationOfBatched`), so no setting goes in front of its statement
 * (docs/benchmarks.md, 68).
 */
export interface WriteGroup {
  correlationId: string | null;
  /** the batch's orders locked so far, and the command that locked each (`lockedInBatch`) */
  lockedOrders: Map<string, WriteGroup>;
}

/** The batched command the code runs for, if any (`WriteGroup`). */
export const writeGroup = new AsyncLocalStorage<WriteGroup>();

/**
 * Called where a command locks its order's row. Commands of one batch share a transaction, so the lock does not
 * queue the second command of an order behind the first, as it does between transactions: the second might read
 * what the first has not written yet (its refunds, say). The second throws a `ConcurrencyError` instead, and the
 * batch runs again one command at a time (docs/architecture.md#command-batches). A command that changes an order
 * locks it before it reads what it decides on (docs/architecture.md#one-transaction-per-command), so no two commands
 * of a batch that commits changed one order.
 */
export function lockedInBatch(orderId: string): void {
  const group = writeGroup.getStore();
  if (!group) return;
  const owner = group.lockedOrders.get(orderId);
  if (owner && owner !== group) throw new ConcurrencyError('Order (locked by another command of its batch)', orderId);
  group.lockedOrders.set(orderId, group);
}

/**
 * The tables whose `correlation_id` defaults to the transaction's `aftersale.correlation_id` (migration
 * 1765000000000-correlation-ids). A write that inserts into one of them in a batched command gives the command's
 * correlation id itself (`correlationOfBatched`).
 */
export const CORRELATED_TABLES: ReadonlySet<string> = new Set(['audit_events', 'outbox', 'refunds']);

/**
 * The correlation id the rows a write inserts must carry when it runs for a batched command (`WriteGroup`), null
 * included; undefined outside a batch, where the rows take the transaction's setting, which the command's lock bound.
 */
export function correlationOfBatched(): { correlationId: string | null } | undefined {
  const group = writeGroup.getStore();
  return group && { correlationId: group.correlationId };
}

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

/** A statement as TypeORM hands it to node-postgres: a text, or a named prepared statement's config (`prepared`). */
export type Statement = { query: string; values?: unknown[] };

/** The queued writes as the statements that send them, and the error a failure of them stands for. */
interface Taken {
  statements: Statement[];
  errorOf: (error: unknown) => unknown;
}

/** Sends one statement, the `before` statements in one write in front of it. */
type Send = (query: string, parameters?: unknown[], before?: Taken) => Promise<unknown>;

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

/** The texts `renamed` made, by text, then by CTE name, offset and parts: a command type's few writes, made once. */
const renamings = new Map<string, Map<string, string>>();
const RENAMINGS_KEPT = 1000;

/**
 * A write's text (or one of its parts') as the CTE `name` of a combined statement: its parts' names prefixed with
 * `name`, its parameters numbered after `offset` others. Made once per text, name, offset and parts, since the regular
 * expressions cost the worker more than anything else it does to combine writes (docs/benchmarks.md, 66).
 */
function renamed(sql: string, name: string, offset: number, parts: Write['parts'] = []): string {
  const key = `${name} ${offset} ${parts.map((part) => part.name).join(' ')}`;
  let byKey = renamings.get(sql);
  const known = byKey?.get(key);
  if (known !== undefined) return known;
  const text = parts
    .reduce((text, part) => text.replace(new RegExp(`\\b${part.name}\\b`, 'g'), `${name}_${part.name}`), sql)
    .replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  if (!byKey) {
    if (renamings.size >= RENAMINGS_KEPT) renamings.clear();
    byKey = new Map();
    renamings.set(sql, byKey);
  }
  byKey.set(key, text);
  return text;
}

/**
 * Several writes as one statement (docs/benchmarks.md, 22): each a data-modifying CTE `w<i>` (its parts `w<i>_<name>`),
 * its parameters renumbered after the ones before it. The rows changed by each checked write go to
 * `aftersale_expect_rows` in the final SELECT (migration 1767480000000), which fails the statement with SQLSTATE
 * `AS409` when they are not what the write expects (docs/benchmarks.md, 29): the statement checks itself, so the
 * COMMIT can be sent behind it without waiting for its answer. The text depends only on the writes' texts, so a
 * command type's is stable and prepared once per connection.
 */
export function combinedStatement(writes: Write[]): { text: string; values: unknown[] } {
  const ctes: string[] = [];
  const values: unknown[] = [];
  const checks: string[] = [];
  writes.forEach((write, index) => {
    const name = `w${index + 1}`;
    const offset = values.length;
    const rewrite = (sql: string) => renamed(sql, name, offset, write.parts);
    for (const part of write.parts ?? []) ctes.push(`${name}_${part.name} AS (${rewrite(part.text)})`);
    ctes.push(`${name} AS (${rewrite(write.text)}${write.expect ? ' RETURNING 1' : ''})`);
    values.push(...write.values);
    if (write.expect)
      checks.push(`aftersale_expect_rows('${name}', (SELECT count(*) FROM ${name}), ${write.expect.rows}) AS ${name}`);
  });
  return {
    text: `WITH ${ctes.join(',\n')}\nSELECT ${checks.length ? checks.join(', ') : '1 AS done'}`,
    values,
  };
}

/** SQLSTATE of `aftersale_expect_rows`: a checked write changed other than the rows it expects. */
const WRONG_ROW_COUNT = 'AS409';

/** The error a failed combined statement stands for: a checked write's own (a lost race), else the driver's. */
function errorOfCombined(writes: Write[], error: unknown): unknown {
  const { code, detail } = ((error as { driverError?: unknown }).driverError ?? error) as {
    code?: string;
    detail?: string;
  };
  if (code !== WRONG_ROW_COUNT) return error;
  const write = writes[Number(/^w(\d+)$/.exec(detail ?? '')?.[1]) - 1];
  return write?.expect ? write.expect.mismatch() : error;
}

/**
 * The writes a transaction has queued and not sent (docs/benchmarks.md, 22). Every statement the transaction sends
 * otherwise — a read, a write that is not queued, the COMMIT — sends them first, so nothing reads or writes past a
 * queued write; a ROLLBACK drops them.
 */
export class DeferredWrites {
  private queue: { write: Write; group?: WriteGroup }[] = [];

  constructor(private readonly send: Send) {}

  get pending(): boolean {
    return this.queue.length > 0;
  }

  /**
   * whether a queued write changes one of these tables; in a batch, a write of this command's or outside any command
   * (the other commands of a batch are about other orders: `lockedInBatch`)
   */
  touches(tables: string[]): boolean {
    const own = writeGroup.getStore();
    return this.queue.some(({ write, group }) => (!own || !group || group === own) && tables.includes(write.table));
  }

  async add(write: Write): Promise<void> {
    if (write.row && this.queue.some((queued) => queued.write.row === write.row)) await this.flush();
    this.queue.push({ write, group: writeGroup.getStore() });
  }

  /** Sends the queued writes: one alone as it always was, several as one statement that checks itself. */
  async flush(): Promise<void> {
    if (this.queue.length === 1 && !this.queue[0].group) return sendAlone(this.send, this.queue.splice(0)[0].write);
    const taken = this.take();
    if (!taken) return;
    const last = taken.statements.pop()!;
    await this.send(last.query, last.values, taken).catch((error: unknown) => {
      throw taken.errorOf(error);
    });
  }

  /**
   * The queued writes as one statement that checks itself, taken off the queue, with the error a failure of it
   * stands for: sent by `flush`, or with the statement that follows it (`deferWrites`). The writes of a batched
   * command (`WriteGroup`) are a statement of their own.
   */
  take(): Taken | undefined {
    const queued = this.queue.splice(0);
    if (queued.length === 0) return undefined;
    const groups = new Map<WriteGroup | undefined, Write[]>();
    for (const { write, group } of queued) groups.set(group, [...(groups.get(group) ?? []), write]);
    const statements: Statement[] = [];
    for (const writes of groups.values()) {
      const { text, values } = combinedStatement(writes);
      statements.push({ query: prepared(text), values });
    }
    const all = [...groups.values()];
    return {
      statements,
      // a batch that fails runs its commands again one by one, so which of its commands failed does not matter
      errorOf: (error) =>
        all.map((writes) => errorOfCombined(writes, error)).find((mapped) => mapped !== error) ?? error,
    };
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

/** The pooled node-postgres client of a query runner; `pipeline` when its pool was made in pipeline mode (`dataSourceOptions`). */
interface PipelinedClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
  query(query: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null; command: string }>;
}

/**
 * Sends statements back to back in one write on a client in pipeline mode (node-postgres sends a query as soon as it
 * is queued, each with its own Sync, and matches the answers in order): PostgreSQL runs them in order, a failed one
 * fails only itself, and in a transaction it aborts the transaction, so what follows fails too — a COMMIT behind it
 * is answered ROLLBACK. Returns every answer, or throws the first failure as TypeORM would (`QueryFailedError`).
 */
async function sendTogether(client: PipelinedClient, statements: Statement[]) {
  const stream = client.connection.stream;
  stream.cork();
  let answers: Promise<Awaited<ReturnType<PipelinedClient['query']>>>[];
  try {
    answers = statements.map(({ query, values }) => client.query(query, values));
  } finally {
    stream.uncork();
  }
  const settled = await Promise.allSettled(answers);
  settled.forEach((answer, index) => {
    if (answer.status === 'rejected')
      throw new QueryFailedError(String(statements[index].query), statements[index].values, answer.reason as Error);
  });
  return settled.map((answer) => (answer as PromiseFulfilledResult<Awaited<(typeof answers)[number]>>).value);
}

/**
 * Statements as one transaction sent in one write — its START, the statements, its COMMIT — on a connection of a
 * pipelining pool (`dataSourceOptions`): one round trip and one commit for them all. Each statement's rows, in order;
 * a failed statement is thrown (as `sendTogether` throws it) and the COMMIT behind it is answered ROLLBACK, so nothing
 * of them is written. Used by the api to record the commands of several requests at once (docs/benchmarks.md, 59).
 */
export async function transactionInOneTrip(dataSource: DataSource, statements: Statement[]): Promise<unknown[][]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PipelinedClient;
    if (client.pipeline !== true) throw new Error('transactionInOneTrip: the pool does not pipeline');
    const answers = await sendTogether(client, [START_HELD, ...statements, { query: 'COMMIT' }]);
    const end = answers[answers.length - 1];
    if (end.command !== 'COMMIT') throw new Error(`COMMIT was answered ${end.command}`);
    return answers.slice(1, -1).map((answer) => answer.rows);
  } finally {
    await runner.release();
  }
}

/** A node-postgres answer as TypeORM's `query` returns it (PostgresQueryRunner): rows, or [rows, count] of an UPDATE. */
function asTypeorm(raw: Awaited<ReturnType<PipelinedClient['query']>>, structured: boolean): unknown {
  const result = new QueryResult();
  result.records = raw.rows;
  result.affected = raw.rowCount ?? undefined;
  result.raw = raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
  return structured ? result : result.raw;
}

const START = /^START TRANSACTION$/;
/** a transaction's START as `deferWrites` holds it: first of the held statements until the transaction sends one */
const START_HELD: Statement = { query: 'START TRANSACTION' };
const COMMIT = /^COMMIT$/;
const ROLLBACK = /^\s*ROLLBACK/i;

/**
 * Queues the repositories' writes in the transaction of `manager` (a query runner's own manager, before or inside its
 * transaction) and sends them as one statement by `flush`, or before whatever else the transaction sends: its query
 * runner sends the queue before any other statement, TypeORM's own included, and drops it on a ROLLBACK (the
 * transaction's, or to a savepoint: the queue is sent before a SAVEPOINT, so what is queued after one is its own).
 *
 * On a connection in pipeline mode (the worker's, docs/benchmarks.md, 29), installed before the transaction starts,
 * it also saves the transaction two round trips: START TRANSACTION is held and sent in one write with the
 * transaction's first statement, and the COMMIT in one write behind its queued writes — whose statement checks its
 * versioned updates itself (`combinedStatement`), so a lost race aborts the transaction and the COMMIT is answered
 * ROLLBACK. A transaction that sent nothing sends neither its START nor its end.
 */
export function deferWrites(manager: EntityManager): DeferredWrites {
  const runner = manager.queryRunner as QueryRunner | undefined;
  if (!runner) throw new Error('deferWrites: the manager of a query runner is needed');
  const original = runner.query.bind(runner) as QueryRunner['query'];
  const nothingSent = (structured?: boolean) =>
    asTypeorm({ rows: [], rowCount: null, command: '' }, structured === true);
  /** the START TRANSACTION not sent yet, and statements whose answers nobody reads (`sendWithNext`), in order */
  let held: Statement[] = [];

  /** One statement; on a pipelining connection, the held statements and the queued writes (`combined`) in front of it. */
  async function sendWith(
    query: string,
    parameters?: unknown[],
    structured?: boolean,
    combined?: Taken,
  ): Promise<unknown> {
    const together: Statement[] = held;
    held = [];
    if (combined) together.push(...combined.statements);
    if (together.length === 0) return original(query, parameters, structured as true);
    together.push({ query, values: parameters });
    const client = (await runner!.connect()) as PipelinedClient;
    const answers = await sendTogether(client, together).catch((error: unknown) => {
      throw combined ? combined.errorOf(error) : error;
    });
    const last = answers[answers.length - 1];
    if (COMMIT.test(String(query)) && last.command !== 'COMMIT') throw new Error(`COMMIT was answered ${last.command}`);
    return asTypeorm(last, structured === true);
  }

  const writes = new DeferredWrites((query, parameters, before) => sendWith(query, parameters, undefined, before));
  runner.query = (async (query: string, parameters?: unknown[], structured?: boolean) => {
    const text = String(query);
    const client = (await runner.connect()) as PipelinedClient;
    if (client.pipeline !== true) {
      if (writes.pending) {
        if (ROLLBACK.test(text)) writes.discard();
        else await writes.flush();
      }
      return original(query, parameters, structured as true);
    }
    if (START.test(text)) {
      held = [START_HELD];
      return nothingSent(structured);
    }
    // the transaction sent nothing: there is none to end, nor anything held to set in it
    const rollback = ROLLBACK.test(text);
    const nothingToEnd = held[0] === START_HELD && (rollback || (COMMIT.test(text) && !writes.pending));
    if (rollback || nothingToEnd) {
      // what the transaction (or its savepoint) queued and held goes with it
      writes.discard();
      held = [];
    }
    if (nothingToEnd) return nothingSent(structured);
    return sendWith(query, parameters, structured, writes.take());
  }) as QueryRunner['query'];
  deferring.set(manager, writes);
  holding.set(manager, async (statement) => {
    const client = (await runner.connect()) as PipelinedClient;
    if (client.pipeline !== true || !runner.isTransactionActive) return false;
    held.push(statement);
    return true;
  });
  return writes;
}

/** How a transaction that defers its writes holds a statement for its next one (`sendWithNext`). */
const holding = new WeakMap<EntityManager, (statement: Statement) => Promise<boolean>>();

/**
 * A statement whose answer nobody reads and whose effect is the transaction's own (a transaction-local setting): in a
 * transaction on a pipelining connection that defers its writes (`deferWrites`), held and sent in one write with the
 * transaction's next statement, as its START is — so a transaction that reads nothing before its writes goes in one
 * round trip (docs/benchmarks.md, 37) — and dropped with it when the transaction sends nothing or rolls back; sent now
 * anywhere else. A failure of it aborts the transaction, as if it had been sent alone.
 */
export async function sendWithNext(manager: EntityManager, query: string, parameters: unknown[]): Promise<void> {
  if (await holding.get(manager)?.({ query, values: parameters })) return;
  await manager.query(query, parameters);
}

/** Sends a write now, or queues it in a transaction that defers its writes (`deferWrites`). */
export async function write(manager: EntityManager, write: Write): Promise<void> {
  const writes = deferring.get(manager);
  if (writes) return writes.add(write);
  await sendAlone((query, parameters) => manager.query(query, parameters), write);
}

/**
 * A read of `tables` only, which no queued write of other tables can change: sent beside the queue (the queue is sent
 * first only when it writes one of them), so the transaction's writes still go in one statement at its end. In a
 * batch of commands (`WriteGroup`) it reads its own command's order only: the other commands' writes, about other
 * orders (`lockedInBatch`), are not sent for it.
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
