import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { newId } from '@aftersale/domain';
import { DataSource, EntityManager, EntityNotFoundError, EntityTarget, ObjectLiteral } from 'typeorm';
import { CommandJobName, CommandJobResult, CommandView } from '@aftersale/contracts';
import {
  commandById,
  CommandOrmEntity,
  freeExpiredIdempotencyKey,
  IDEMPOTENCY_KEY_HOURS,
  AcceptedCommand,
} from '@aftersale/server/persistence';
import { commandJobId, currentCorrelationId, withTimeout } from '@aftersale/server/messaging';
import { ApiMetrics } from '../../ops/metrics/api-metrics';
import { actorOf, Principal, principalKey } from '../auth/principal';
import { notFound, ProblemException } from '../problems/problem.exception';
import { QueueRegistry } from './queue-registry';
import { AcceptedCommands } from './accepted-commands';

export interface CommandRequest {
  principal: Principal;
  type: CommandJobName;
  /** everything the worker needs: path ids and the validated body */
  payload: Record<string, unknown>;
  /** the seller the command acts for (the target's tenant) */
  sellerId: string | null;
  /** method + path, the idempotency key's scope */
  requestKey: string;
  idempotencyKey?: string;
  resourceType: string;
  resourceId?: string;
  successStatus: 200 | 201;
  /**
   * The existing record the command is about, looked up in the statement that records the command (docs/benchmarks.md,
   * 34): the command's seller and resource are the record's, and a record the sender's tenant lacks is a 404 with
   * nothing written. `sellerId` and `resourceId` are then not read.
   */
  about?: CommandAbout;
}

/** A record of the sender's tenant (`tenant` null: any seller's, for ops), by its lower-case id; `what` names it in a 404. */
export interface CommandAbout {
  entity: EntityTarget<ObjectLiteral>;
  id: string;
  tenant: string | null;
  what: string;
}

/** Another request with the same Idempotency-Key committed first: answer as it was answered. */
class IdempotencyKeyTaken extends Error {}

/** Commands the api applies itself rather than through a queue (see applyInline). */
export type InlineCommandType = 'PostMessage' | 'UploadAttachment' | 'CreateUser' | 'ResetUserPassword';

export type InlineCommandRequest = Omit<CommandRequest, 'type' | 'about'> & {
  type: InlineCommandType;
  /** what "the same body" is compared by, when not the whole payload (hashed instead of it) */
  compared?: Record<string, unknown>;
  /**
   * A part of the body that no fast hash may keep (a password): the payload keeps it under a slow, salted hash, and a
   * retry under the same key is the same body only if this says its part matches the earlier command's payload.
   */
  sameSecret?: (earlierPayload: Record<string, unknown>) => Promise<boolean>;
};

export interface CommandAnswer {
  status: number;
  body: unknown;
  location?: string;
}

/** A key names its command for 24 hours; the worker's retention sweep frees older keys (README "Retention"). */
const IDEMPOTENCY_WINDOW = `interval '${IDEMPOTENCY_KEY_HOURS} hours'`;

/**
 * Accepts a command (docs/architecture.md#command-row-before-the-job): a row in `commands` first, then the job (id derived from
 * the command id), then a bounded wait for the outcome the worker writes in the effect's transaction.
 */
@Injectable()
export class CommandGateway {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly accepted: AcceptedCommands,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  /** Sends the command and counts its outcome (docs/operations.md "Metrics": aftersale_commands_total). */
  async send(request: CommandRequest): Promise<CommandAnswer> {
    try {
      const answer = await this.sendCommand(request);
      this.metrics?.countCommand(request.type, answer.status === 202 ? 'pending' : 'succeeded');
      return answer;
    } catch (error) {
      const status = error instanceof ProblemException ? error.document.status : 500;
      this.metrics?.countCommand(request.type, status === 503 ? 'unavailable' : status >= 500 ? 'error' : 'refused');
      throw error;
    }
  }

  private async sendCommand(request: CommandRequest): Promise<CommandAnswer> {
    const correlationId = currentCorrelationId() ?? null;
    // no read of the key first: the insert finds an earlier command under it (the unique index), and only then is
    // the earlier command read — one statement fewer for every new command (docs/benchmarks.md, 8)
    const { bodyHash, principal, key } = await this.identify(request, false);

    // accepted_at is stamped by the database, the one clock deadlines are measured by (docs/api.md "Deadlines and the
    // clock"); one prepared statement, no query builder (docs/benchmarks.md, 17)
    const row: AcceptedCommand = {
      id: newId(),
      type: request.type,
      principal,
      sellerId: request.sellerId,
      actor: { ...actorOf(request.principal) },
      requestKey: request.requestKey,
      idempotencyKey: key,
      bodyHash,
      payload: request.payload,
      resourceType: request.resourceType,
      resourceId: request.resourceId ?? null,
      successStatus: request.successStatus,
      correlationId,
    };
    const insert = () => this.insert(row, request.about);
    let inserted = await insert();
    if (!inserted) {
      // the key names a command already: within the window, answer as it was answered
      const earlier = await this.findByKey(principal, request.requestKey, key!);
      if (earlier) return this.replay(earlier, bodyHash);
      if (await this.freeExpiredKey(principal, request.requestKey, key)) inserted = await insert();
    }
    if (!inserted) {
      // Another request with the same key won the insert a moment ago: answer as it will be answered.
      const existing = await this.findByKey(principal, request.requestKey, key!);
      if (!existing) throw new ProblemException('service-unavailable', 'Please retry.');
      return this.replay(existing, bodyHash);
    }

    // registered before the job exists, so its completion cannot be missed and the outcome is read once, after it
    const wait = this.queues.waiter.waitFor(commandJobId(row.id), this.queues.config.commandWaitMs);
    try {
      const job = this.queues
        .queueFor(request.type)
        .add(
          request.type,
          { commandId: row.id, ...(correlationId ? { correlationId } : {}) },
          { jobId: commandJobId(row.id) },
        );
      await withTimeout(job, this.queues.config.enqueueTimeoutMs, 'enqueueing the command');
    } catch (error) {
      // The enqueue timed out or failed, yet the job may have reached Redis and the worker may have applied it
      // (or be applying it: this DELETE waits for its row lock). Only a command still `accepted` is withdrawn —
      // its job, if it runs later, finds no row and does nothing — and only then is "nothing was changed" true.
      const withdrawn = await this.dataSource.getRepository(CommandOrmEntity).delete({ id: row.id, state: 'accepted' });
      if (withdrawn.affected === 0) return this.awaitOutcome(row.id, wait);
      wait.cancel();
      throw new ProblemException(
        'service-unavailable',
        'The queue is unreachable; nothing was changed. Try again shortly.',
        { cause: String((error as Error).message ?? error) },
      );
    }
    return this.awaitOutcome(row.id, wait, request.successStatus);
  }

  /**
   * Records the command (with its record's lookup when it is about one); true when recorded, false when its key names
   * a command already.
   */
  private async insert(row: AcceptedCommand, about?: CommandAbout): Promise<boolean> {
    const record = about && {
      table: this.dataSource.getMetadata(about.entity).tableName,
      id: about.id,
      tenant: about.tenant,
    };
    const outcome = await this.accepted.record({ command: row, record });
    if (outcome === 'not-found') throw notFound(about!.what);
    return outcome === 'inserted';
  }

  /**
   * A command the api applies itself — an append with no state machine to queue for (a message), an upload, a
   * team change. It keeps the same command row and Idempotency-Key semantics, the row written in the effect's own
   * transaction: a failed effect leaves no row, a lost race for the key rolls the effect back.
   */
  async applyInline(
    request: InlineCommandRequest,
    work: (manager: EntityManager) => Promise<{ resourceId: string; result: unknown }>,
  ): Promise<CommandAnswer> {
    const { bodyHash, principal, key, earlier } = await this.identify(request);
    if (earlier) return this.replay(earlier, bodyHash, request.sameSecret);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.applyInlineOnce(request, work, { bodyHash, principal, key });
      } catch (error) {
        if (key === null) throw error;
        if (!(error instanceof IdempotencyKeyTaken)) {
          // The effect failed — perhaps on what a request with the same key wrote first (its user's email, a lock it
          // held): if that request's command is there now, this one is its retry and gets its answer.
          const first = await this.findByKey(principal, request.requestKey, key);
          if (!first) throw error;
          return this.replay(first, bodyHash, request.sameSecret);
        }
        if (attempt === 1 && (await this.freeExpiredKey(principal, request.requestKey, key))) continue;
        const existing = await this.findByKey(principal, request.requestKey, key);
        if (!existing) throw new ProblemException('service-unavailable', 'Please retry.');
        return this.replay(existing, bodyHash, request.sameSecret);
      }
    }
  }

  private async applyInlineOnce(
    request: InlineCommandRequest,
    work: (manager: EntityManager) => Promise<{ resourceId: string; result: unknown }>,
    { bodyHash, principal, key }: { bodyHash: string; principal: string; key: string | null },
  ): Promise<CommandAnswer> {
    return this.dataSource.transaction(async (manager) => {
      const { resourceId, result } = await work(manager);
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(CommandOrmEntity)
        .values({
          id: newId(),
          type: request.type,
          principal,
          sellerId: request.sellerId,
          actor: { ...actorOf(request.principal) },
          requestKey: request.requestKey,
          idempotencyKey: key,
          bodyHash,
          payload: request.payload,
          state: 'succeeded',
          acceptedAt: () => 'now()',
          completedAt: () => 'now()',
          resourceType: request.resourceType,
          resourceId,
          successStatus: request.successStatus,
          result,
          correlationId: currentCorrelationId() ?? null,
        } as never)
        .orIgnore()
        .returning('id')
        .execute();
      if (inserted.raw.length === 0) throw new IdempotencyKeyTaken();
      return { status: request.successStatus, body: result };
    });
  }

  /**
   * The body's hash, the principal and the Idempotency-Key, and (with `lookUpKey`) the command that key already
   * names, if any.
   */
  private async identify(request: CommandRequest | InlineCommandRequest, lookUpKey = true) {
    const compared = ('compared' in request && request.compared) || request.payload;
    const bodyHash = createHash('sha256').update(canonicalJson(compared)).digest('hex');
    const principal = principalKey(request.principal);
    const key = request.idempotencyKey?.trim() || null;
    if (key !== null && key.length > 200)
      throw new ProblemException('validation-failed', 'Idempotency-Key is too long.', {
        errors: [{ field: 'Idempotency-Key', message: 'at most 200 characters' }],
      });
    const earlier = key === null || !lookUpKey ? null : await this.findByKey(principal, request.requestKey, key);
    return { bodyHash, principal, key, earlier };
  }

  /** The command a key names, if it was accepted within the window; a read only — no write on the hot path. */
  private async findByKey(principal: string, requestKey: string, key: string): Promise<CommandOrmEntity | null> {
    return this.dataSource
      .getRepository(CommandOrmEntity)
      .createQueryBuilder('command')
      .where('command.principal = :principal AND command.requestKey = :requestKey AND command.idempotencyKey = :key', {
        principal,
        requestKey,
        key,
      })
      .andWhere(`command.acceptedAt >= now() - ${IDEMPOTENCY_WINDOW}`)
      .getOne();
  }

  /**
   * The rare case where a key older than the window still holds the unique index because the retention sweep
   * has not freed it yet: free that one key so the new command can take it. Returns whether it did.
   */
  private async freeExpiredKey(principal: string, requestKey: string, key: string | null): Promise<boolean> {
    if (key === null) return false;
    return freeExpiredIdempotencyKey(this.dataSource, principal, requestKey, key);
  }

  private async replay(
    existing: CommandOrmEntity,
    bodyHash: string,
    sameSecret?: InlineCommandRequest['sameSecret'],
  ): Promise<CommandAnswer> {
    if (existing.bodyHash !== bodyHash || (sameSecret && !(await sameSecret(existing.payload)))) {
      throw new ProblemException('idempotency-key-reused', 'This Idempotency-Key was used with a different body.');
    }
    return this.awaitOutcome(existing.id);
  }

  /**
   * Waits up to COMMAND_WAIT_MS; a job that is retried after a passing failure keeps the wait going. With `first`,
   * a wait registered before the job was enqueued, the row is not read until that job has finished — nor at all
   * when the job's completion carried the outcome it wrote (`CommandJobResult`, docs/benchmarks.md, 23).
   */
  async awaitOutcome(
    commandId: string,
    first?: { settled: Promise<unknown>; cancel: () => void },
    successStatus?: number,
  ): Promise<CommandAnswer> {
    const deadline = Date.now() + this.queues.config.commandWaitMs;
    const read = async () =>
      (await commandById(this.dataSource, commandId)) ??
      Promise.reject(new EntityNotFoundError(CommandOrmEntity, { id: commandId }));
    if (first) {
      const returned = await first.settled;
      if (successStatus !== undefined && isCommandJobResult(returned)) {
        if (returned.state === 'succeeded') return { status: successStatus, body: returned.result };
        throw ProblemException.fromDocument(returned.problem);
      }
    }
    for (;;) {
      if (Date.now() >= deadline) return answerOf(await read());
      const wait = this.queues.waiter.waitFor(commandJobId(commandId), Math.max(0, deadline - Date.now()));
      const row = await read();
      if (row.state !== 'accepted' || Date.now() >= deadline) {
        wait.cancel();
        return answerOf(row);
      }
      await wait.settled;
      if (Date.now() >= deadline) return answerOf(await read());
    }
  }
}

export function commandView(row: CommandOrmEntity): CommandView {
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    acceptedAt: row.acceptedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    ...(row.result !== null && row.result !== undefined ? { result: row.result } : {}),
    ...(row.problem ? { problem: row.problem } : {}),
  };
}

/** A command job's return value, as its `completed` event carries it (anything else: read the row). */
function isCommandJobResult(value: unknown): value is CommandJobResult {
  if (!value || typeof value !== 'object') return false;
  const { state, problem } = value as { state?: unknown; problem?: unknown };
  return (
    (state === 'succeeded' && 'result' in value) || (state === 'failed' && !!problem && typeof problem === 'object')
  );
}

function answerOf(row: CommandOrmEntity): CommandAnswer {
  if (row.state === 'succeeded') return { status: row.successStatus ?? 200, body: row.result };
  if (row.state === 'failed' && row.problem) throw ProblemException.fromDocument(row.problem);
  return { status: 202, body: commandView(row), location: `/api/v1/commands/${row.id}` };
}

/** Key order must not change the hash of "the same body". */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
