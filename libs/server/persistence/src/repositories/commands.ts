import { DataSource, EntityManager } from 'typeorm';
import { ProblemDocument } from '@aftersale/contracts';
import { CommandOrmEntity } from '../entities/command.orm-entity';
import { IDEMPOTENCY_KEY_HOURS } from '../retention';
import { prepared } from './prepared';
import { sendWithNext, transactionInOneTrip, write } from './deferred-writes';

type Queryable = DataSource | EntityManager;

/**
 * The earliest `acceptedAt` of a command of these types still `accepted` for a resource: a decision the api took
 * before a deadline, not yet applied, which the deadline's timer gives way to (docs/rules.md#deadlines-and-decisions-in-flight).
 */
export async function earliestAcceptedCommandAt(
  db: Queryable,
  resourceId: string,
  types: string[],
): Promise<Date | null> {
  const [row] = await db.query(
    `SELECT min(accepted_at) AS at FROM commands WHERE state = 'accepted' AND resource_id = $1 AND type = ANY($2)`,
    [resourceId, types],
  );
  return row?.at ? new Date(row.at) : null;
}

/** The final outcome of a command whose job used up its attempts; a command decided meanwhile keeps its outcome. */
export async function failAcceptedCommand(db: Queryable, commandId: string, problem: ProblemDocument): Promise<void> {
  await db.query(
    `UPDATE commands SET state = 'failed', completed_at = now(), problem = $2 WHERE id = $1 AND state = 'accepted'`,
    [commandId, JSON.stringify(problem)],
  );
}

export interface StaleRow {
  id: string;
  correlation_id: string | null;
}

/** What the recovery sweep re-delivers (docs/architecture.md#recovery-sweep): rows not done since `since`, oldest first. */
export const staleWork = {
  commands: (db: Queryable, since: Date, limit = 500): Promise<(StaleRow & { type: string })[]> =>
    db.query(
      `SELECT id, type, correlation_id FROM commands WHERE state = 'accepted' AND accepted_at < $1 ORDER BY accepted_at LIMIT $2`,
      [since, limit],
    ),
  events: (db: Queryable, since: Date, limit = 500): Promise<StaleRow[]> =>
    db.query(
      `SELECT id, correlation_id FROM outbox WHERE published_at < $1 AND processed_at IS NULL ORDER BY published_at LIMIT $2`,
      [since, limit],
    ),
  /** with the ids of the refund's events that start its payment, whose retry jobs' ids derive from them */
  refunds: (
    db: Queryable,
    since: Date,
    limit = 500,
  ): Promise<(StaleRow & { updated_at: Date; event_ids: string[] })[]> =>
    db.query(
      `SELECT id, updated_at, correlation_id,
         ARRAY(SELECT e.id FROM outbox e WHERE e.aggregate_id = r.id AND e.type IN ('RefundCreated', 'RefundRetryRequested'))
           AS event_ids
       FROM refunds r WHERE state IN ('pending', 'processing') AND updated_at < $1
         AND (attempt_ends_by IS NULL OR attempt_ends_by < now())
         AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.aggregate_id = r.id AND e.processed_at IS NULL)
       ORDER BY updated_at LIMIT $2`,
      [since, limit],
    ),
};

/** `staleWork` for the recovery sweep, provided with `onDataSource`. */
export class StaleWorkRows {
  constructor(private readonly dataSource: DataSource) {}

  commands(since: Date) {
    return staleWork.commands(this.dataSource, since);
  }

  events(since: Date) {
    return staleWork.events(this.dataSource, since);
  }

  refunds(since: Date) {
    return staleWork.refunds(this.dataSource, since);
  }
}

/** A command row as its job's transaction locks and reads it (`lockAndReadCommand`). */
export interface LockedCommandRow {
  id: string;
  type: string;
  state: string;
  actor: unknown;
  sellerId: string | null;
  acceptedAt: Date;
  payload: Record<string, unknown>;
  correlationId: string | null;
}

/**
 * A command job's first statement (docs/benchmarks.md, 10): locks the command row, reads what builds the command,
 * and binds the transaction's correlation id (the row's own, else the job's) — what a read before the transaction
 * and a lock inside it did in two. Null when the row is gone (withdrawn by the api).
 */
export async function lockAndReadCommand(
  manager: EntityManager,
  commandId: string,
  correlationId: string | null | undefined,
): Promise<LockedCommandRow | null> {
  const [row] = await manager.query(
    prepared(`SELECT id, type, state, actor, seller_id, accepted_at, payload, correlation_id,
            set_config('aftersale.correlation_id', coalesce(correlation_id, $2), true)
     FROM commands WHERE id = $1 FOR UPDATE`),
    [commandId, correlationId ?? ''],
  );
  if (!row) return null;
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    actor: row.actor,
    sellerId: row.seller_id,
    acceptedAt: row.accepted_at,
    payload: row.payload,
    correlationId: row.correlation_id,
  };
}

/**
 * In the effect's transaction (docs/architecture.md#one-transaction-per-command): locks the command's row and sets
 * the transaction's correlation id (the default of the rows it writes, migration 1765000000000-correlation-ids) in
 * one statement. True when the command is still `accepted`, so its effect is to be applied.
 */
export async function lockAcceptedCommand(
  manager: EntityManager,
  commandId: string,
  correlationId: string | null | undefined,
): Promise<boolean> {
  const [row] = await manager.query(
    prepared(`SELECT state, set_config('aftersale.correlation_id', $2, true) FROM commands WHERE id = $1 FOR UPDATE`),
    [commandId, correlationId ?? ''],
  );
  return row?.state === 'accepted';
}

/**
 * A command's outcome, in its transaction (docs/architecture.md#one-transaction-per-command): `succeeded`, the
 * resource it names (of another type than the api named at acceptance, when given) and its result — one prepared
 * statement where TypeORM's update built one each time (docs/benchmarks.md, 15); queued with the transaction's other
 * writes when it defers them (docs/benchmarks.md, 22).
 */
export async function recordCommandSucceeded(
  manager: EntityManager,
  commandId: string,
  outcome: { resourceId: string; resourceType?: string; result: unknown },
): Promise<void> {
  await write(manager, {
    table: 'commands',
    row: `commands:${commandId}`,
    text: `UPDATE commands SET state = 'succeeded', completed_at = $2, resource_id = $3,
       resource_type = coalesce($4, resource_type), result = $5 WHERE id = $1`,
    values: [
      commandId,
      new Date(),
      outcome.resourceId,
      outcome.resourceType ?? null,
      outcome.result === undefined || outcome.result === null ? null : JSON.stringify(outcome.result),
    ],
  });
}

/**
 * A system reaction's transaction takes the current correlation id for the rows it writes (as above); sent with the
 * transaction's next statement where it can be (`sendWithNext`), not in a round trip of its own.
 */
export async function bindTransactionCorrelation(manager: EntityManager, correlationId: string): Promise<void> {
  await sendWithNext(manager, prepared(`SELECT set_config('aftersale.correlation_id', $1, true)`), [correlationId]);
}

/** A command row's columns under the entity's property names (no entity hydration). */
const COMMAND_COLUMNS = `id, type, principal, seller_id AS "sellerId", actor, request_key AS "requestKey",
  idempotency_key AS "idempotencyKey", body_hash AS "bodyHash", payload, state, accepted_at AS "acceptedAt",
  completed_at AS "completedAt", resource_type AS "resourceType", resource_id AS "resourceId",
  success_status AS "successStatus", result, problem, correlation_id AS "correlationId"`;

/** A command's row by id, as the api reads an outcome: one prepared statement (docs/benchmarks.md, 17). */
export async function commandById(db: Queryable, id: string): Promise<CommandOrmEntity | null> {
  const [row] = await db.query(prepared(`SELECT ${COMMAND_COLUMNS} FROM commands WHERE id = $1`), [id]);
  return row ? Object.assign(new CommandOrmEntity(), row) : null;
}

/** What the api writes when it accepts a command; `accepted_at` is the database's clock (docs/api.md). */
export interface AcceptedCommand {
  id: string;
  type: string;
  principal: string;
  sellerId: string | null;
  actor: Record<string, unknown>;
  requestKey: string;
  idempotencyKey: string | null;
  bodyHash: string;
  payload: Record<string, unknown>;
  resourceType: string;
  resourceId: string | null;
  successStatus: number;
  correlationId: string | null;
}

/** An accepted command's values as both inserts take them, $1 to $11; each adds its seller and resource after. */
function acceptedValues(command: Omit<AcceptedCommand, 'sellerId' | 'resourceId'>): unknown[] {
  return [
    command.id,
    command.type,
    command.principal,
    JSON.stringify(command.actor),
    command.requestKey,
    command.idempotencyKey,
    command.bodyHash,
    JSON.stringify(command.payload),
    command.resourceType,
    command.successStatus,
    command.correlationId,
  ];
}

/** The record a command is about: its table, its id, and the seller whose records the sender may see (null: all). */
export interface CommandRecord {
  table: string;
  id: string;
  tenant: string | null;
}

/** What `insertAcceptedCommand` and `insertAcceptedCommandAbout` found: `taken` when the Idempotency-Key names a command already. */
export type AcceptedInsertOutcome = 'inserted' | 'taken' | 'not-found';

/** A command the api accepts, with the record it is about (`insertAcceptedCommandAbout`) or without one. */
export interface AcceptedInsert {
  command: AcceptedCommand;
  record?: CommandRecord;
}

/** The statement that records an accepted command, and how its answer reads. */
function acceptedInsertStatement({ command, record }: AcceptedInsert): {
  query: string;
  values: unknown[];
  outcome: (rows: Record<string, unknown>[]) => AcceptedInsertOutcome;
} {
  if (!record)
    return {
      query:
        prepared(`INSERT INTO commands (id, type, principal, seller_id, actor, request_key, idempotency_key, body_hash,
         payload, state, accepted_at, resource_type, resource_id, success_status, correlation_id)
       VALUES ($1, $2, $3, $12, $4, $5, $6, $7, $8, 'accepted', now(), $9, $13, $10, $11)
       ON CONFLICT DO NOTHING RETURNING id`),
      values: [...acceptedValues(command), command.sellerId, command.resourceId],
      outcome: (rows) => (rows.length > 0 ? 'inserted' : 'taken'),
    };
  return {
    query: prepared(`WITH target AS (
         SELECT seller_id FROM "${record.table}" WHERE id = $12::uuid AND ($13::uuid IS NULL OR seller_id = $13::uuid)),
       inserted AS (
         INSERT INTO commands (id, type, principal, seller_id, actor, request_key, idempotency_key, body_hash,
           payload, state, accepted_at, resource_type, resource_id, success_status, correlation_id)
         SELECT $1, $2, $3, seller_id, $4, $5, $6, $7, $8, 'accepted', now(), $9, $12::uuid::text, $10, $11 FROM target
         ON CONFLICT DO NOTHING RETURNING id)
       SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM inserted) AS inserted`),
    values: [...acceptedValues(command), record.id, record.tenant],
    outcome: ([row]) => (!row.found ? 'not-found' : row.inserted ? 'inserted' : 'taken'),
  };
}

/**
 * Records an accepted command about a record, in one prepared statement with the record's lookup (docs/benchmarks.md,
 * 34): the command's seller is the record's, its resource the record. `not-found` when the sender's tenant has no
 * such record, `taken` when its Idempotency-Key names a command already; either way nothing is written.
 */
export async function insertAcceptedCommandAbout(
  db: Queryable,
  command: Omit<AcceptedCommand, 'sellerId' | 'resourceId'>,
  record: CommandRecord,
): Promise<AcceptedInsertOutcome> {
  return insertAccepted(db, { command: { ...command, sellerId: null, resourceId: null }, record });
}

/**
 * Records one accepted command in a statement of its own, prepared (docs/benchmarks.md, 17), autocommitted outside a
 * transaction; `taken` when its Idempotency-Key names a command already (the unique index: nothing is written).
 */
async function insertAccepted(db: Queryable, insert: AcceptedInsert): Promise<AcceptedInsertOutcome> {
  const { query, values, outcome } = acceptedInsertStatement(insert);
  return outcome(await db.query(query, values));
}

/**
 * Accepted commands of several requests in one transaction, sent in one round trip on a pipelining connection
 * (`transactionInOneTrip`): one commit for all of them (docs/benchmarks.md, 59). Each statement is the one the
 * command has alone, so each outcome is too; a failure of any rolls them all back and is thrown.
 */
async function insertAcceptedTogether(
  dataSource: DataSource,
  inserts: AcceptedInsert[],
): Promise<AcceptedInsertOutcome[]> {
  const statements = inserts.map(acceptedInsertStatement);
  const answers = await transactionInOneTrip(dataSource, statements);
  return answers.map((rows, index) => statements[index].outcome(rows as Record<string, unknown>[]));
}

/** The api's writes of the commands it accepts (`AcceptedCommands`), provided with `onDataSource`. */
export class AcceptedCommandRows {
  constructor(private readonly dataSource: DataSource) {}

  /** One command, alone (`insertAccepted`). */
  insert(insert: AcceptedInsert): Promise<AcceptedInsertOutcome> {
    return insertAccepted(this.dataSource, insert);
  }

  /** Several commands in one transaction and one round trip (`insertAcceptedTogether`). */
  insertTogether(inserts: AcceptedInsert[]): Promise<AcceptedInsertOutcome[]> {
    return insertAcceptedTogether(this.dataSource, inserts);
  }
}

/** The api's read of a command's row, provided with `onDataSource`. */
export class CommandRows {
  constructor(private readonly dataSource: DataSource) {}

  /** The command, only for the principal (`principalKey`) who sent it. */
  sentBy(id: string, principal: string): Promise<CommandOrmEntity | null> {
    return this.dataSource.getRepository(CommandOrmEntity).findOneBy({ id, principal });
  }
}

/**
 * The rare case where a key older than its window (README "Retention") still holds the unique index because the
 * retention sweep has not freed it yet: frees that one key so a new command can take it. Whether it did.
 */
export async function freeExpiredIdempotencyKey(
  db: Queryable,
  principal: string,
  requestKey: string,
  key: string,
): Promise<boolean> {
  const [, affected] = await db.query(
    `UPDATE commands SET idempotency_key = NULL, payload = payload - 'passwordHash' WHERE principal = $1 AND request_key = $2 AND idempotency_key = $3 AND accepted_at < now() - make_interval(hours => $4)`,
    [principal, requestKey, key, IDEMPOTENCY_KEY_HOURS],
  );
  return Number(affected) > 0;
}
