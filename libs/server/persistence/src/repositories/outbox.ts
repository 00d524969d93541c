import { DataSource, EntityManager } from 'typeorm';
import { inbox } from './inbox';
import { prepared } from './prepared';
import { write } from './deferred-writes';

type Queryable = DataSource | EntityManager;

/** An outbox row as the relay claims it: enough to publish it, or to settle it when nothing reacts to it. */
export interface ClaimedOutboxRow {
  id: string;
  type: string;
  aggregate_type: string;
  correlation_id: string | null;
}

/** An outbox row as the event reactions read it, with the consumers that have reacted to it (the inbox). */
export interface OutboxEventForReactions {
  id: string;
  type: string;
  aggregate_type: string;
  payload: Record<string, unknown>;
  processed_at: Date | null;
  reacted: string[];
}

/**
 * The relay's claim and mark commit without waiting for the WAL to reach the disk (`synchronous_commit = off` for
 * their own autocommitted statement only): a PostgreSQL crash may lose the last of them, and a lost claim or mark
 * only has the batch published again under the same job ids, which the event reactions' inbox makes harmless;
 * neither tells a client or the payment provider anything (docs/reliability.md "Commits that do not wait for the
 * disk", docs/benchmarks.md, 16). Any later synchronous commit flushes them with it.
 */
const WITHOUT_WAITING_FOR_THE_DISK = `set_config('synchronous_commit', 'off', true)`;

/**
 * The outbox relay's statements (docs/architecture.md#outbox-and-inbox): claim a batch, give it back, mark it; the
 * claim and the mark autocommitted, never in a caller's transaction (they would make its commit asynchronous).
 */
export const outboxRelayQueries = {
  /**
   * Leases up to `limit` unpublished rows for `claimMs` (one committed statement, SKIP LOCKED so several relays
   * share the work), oldest first.
   */
  claim: (db: Queryable, limit: number, claimMs: number): Promise<ClaimedOutboxRow[]> =>
    db.query(
      prepared(`WITH claimed AS (
         UPDATE outbox SET claimed_until = now() + make_interval(secs => $2::float8 / 1000)
         FROM (SELECT ${WITHOUT_WAITING_FOR_THE_DISK}) AS bookkeeping
         WHERE id IN (
           SELECT id FROM outbox
           WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, type, aggregate_type, created_at, correlation_id)
       SELECT id, type, aggregate_type, correlation_id FROM claimed ORDER BY created_at`),
      [limit, claimMs],
    ),
  /** gives a claimed batch back before its lease lapses (its publish failed) */
  release: async (db: Queryable, ids: string[]): Promise<void> => {
    await db.query(`UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1) AND published_at IS NULL`, [ids]);
  },
  /**
   * Marks a batch published, in one statement; the rows in `settled` (events no consumer reacts to, so no job
   * was published for them) are marked processed as well.
   */
  markPublished: async (db: Queryable, ids: string[], settled: string[]): Promise<void> => {
    await db.query(
      prepared(`UPDATE outbox SET published_at = now(), claimed_until = NULL,
         processed_at = CASE WHEN id = ANY($2) THEN now() ELSE processed_at END
       FROM (SELECT ${WITHOUT_WAITING_FOR_THE_DISK}) AS bookkeeping
       WHERE id = ANY($1)`),
      [ids, settled],
    );
  },
};

/** The event reactions' reads and writes of an outbox row and its inbox rows, one statement each. */
export const outboxEvents = {
  /** the row and the consumers that have reacted to it, in one read; null when it is gone */
  async forReactions(db: Queryable, id: string): Promise<OutboxEventForReactions | null> {
    const [row] = await db.query(
      prepared(`SELECT o.id, o.type, o.aggregate_type, o.payload, o.processed_at,
              coalesce((SELECT array_agg(i.consumer) FROM inbox i WHERE i.event_id = o.id), '{}') AS reacted
       FROM outbox o WHERE o.id = $1`),
      [id],
    );
    return row ?? null;
  },
  /**
   * Records that `consumer` has reacted (the inbox row) and, when it was the event's last consumer, that the
   * event is processed — one statement.
   */
  async recordReaction(db: Queryable, consumer: string, eventId: string, last: boolean): Promise<void> {
    if (!last) {
      await db.query(`INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        consumer,
        eventId,
      ]);
      return;
    }
    await db.query(
      prepared(`WITH reacted AS (INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING)
       UPDATE outbox SET processed_at = now() WHERE id = $2`),
      [consumer, eventId],
    );
  },
};

/**
 * `outboxEvents.recordReaction` in the caller's transaction, as a queued write (docs/benchmarks.md, 22): a reaction
 * whose last transaction records its own inbox row (a refund paid in its event's job records it with the payment's
 * outcome) commits both at once, one statement and one commit fewer than the inbox row on its own after it.
 */
export async function recordReactionIn(
  manager: EntityManager,
  consumer: string,
  eventId: string,
  last: boolean,
): Promise<void> {
  const insert = `INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`;
  if (!last) return write(manager, { table: 'inbox', text: insert, values: [consumer, eventId] });
  await write(manager, {
    table: 'outbox',
    row: `outbox:${eventId}`,
    parts: [{ name: 'reacted', text: insert }],
    text: `UPDATE outbox SET processed_at = now() WHERE id = $2`,
    values: [consumer, eventId],
  });
}

/** The outbox relay's statements (`outboxRelayQueries`), provided with `onDataSource`. */
export class OutboxRelayRows {
  constructor(private readonly dataSource: DataSource) {}

  claim(limit: number, claimMs: number): Promise<ClaimedOutboxRow[]> {
    return outboxRelayQueries.claim(this.dataSource, limit, claimMs);
  }

  release(ids: string[]): Promise<void> {
    return outboxRelayQueries.release(this.dataSource, ids);
  }

  markPublished(ids: string[], settled: string[]): Promise<void> {
    return outboxRelayQueries.markPublished(this.dataSource, ids, settled);
  }
}

/** The event reactions' reads and writes of an outbox row and its inbox rows (`outboxEvents`), provided with `onDataSource`. */
export class EventReactionRows {
  constructor(private readonly dataSource: DataSource) {}

  forReactions(id: string): Promise<OutboxEventForReactions | null> {
    return outboxEvents.forReactions(this.dataSource, id);
  }

  recordReaction(consumer: string, eventId: string, last: boolean): Promise<void> {
    return outboxEvents.recordReaction(this.dataSource, consumer, eventId, last);
  }

  /** every consumer has reacted: the outbox row is done (`inbox.markProcessed`) */
  markProcessed(eventId: string): Promise<void> {
    return inbox.markProcessed(this.dataSource, eventId);
  }
}
