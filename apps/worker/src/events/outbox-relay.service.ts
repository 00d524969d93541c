import { Injectable } from '@nestjs/common';
import { CommittedEvent, JobName, QueueName } from '@aftersale/contracts';
import { currentCorrelationId, jobIdFor } from '@aftersale/server/messaging';
import { EventToPublish, OutboxRelayRows } from '@aftersale/server/persistence';
import { QueueWorkers } from '../infrastructure/queue-workers.service';
import { EventReactions } from './event-reactions.service';

/** An event's job: with the event as its writer committed it only where nothing can have reacted to it yet. */
export interface EventJobToAdd {
  id: string;
  correlationId: string | null;
  event?: CommittedEvent;
}

/** How long a claim keeps other relays off a batch; a relay that dies while publishing gives it up after this. */
export const OUTBOX_CLAIM_MS = 30_000;

/**
 * Publishes committed outbox rows to the events queue (docs/architecture.md#outbox-and-inbox), at least once, without holding a
 * database transaction open while it talks to Redis: claim a batch (one committed statement that leases the
 * rows, SKIP LOCKED so several workers share the work), publish, then mark the rows published. A relay that
 * stops between claim and mark leaves its rows unpublished, and they are published again once the lease lapses;
 * a job id per event makes a second publish harmless and the reactions' inbox makes a second delivery harmless.
 * An event no registered consumer reacts to is not published as a job: it is marked published and processed.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    private readonly rows: OutboxRelayRows,
    private readonly workers: QueueWorkers,
    private readonly reactions: EventReactions,
  ) {}

  /** Publishes one batch; returns how many events it published or settled. */
  async publishBatch(limit = 200, claimMs = OUTBOX_CLAIM_MS): Promise<number> {
    const rows = await this.rows.claim(limit, claimMs);
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.id);
    // an event no consumer reacts to needs no job: it is marked processed with the batch (one statement)
    const wanted = rows.filter((row) => this.reactions.wants({ type: row.type, aggregateType: row.aggregate_type }));
    const settled = rows.filter((row) => !wanted.includes(row)).map((row) => row.id);
    try {
      await this.addJobs(wanted.map((row) => ({ id: row.id, correlationId: row.correlation_id })));
    } catch (error) {
      // give the batch back now rather than when the lease lapses (best effort: the lease covers the rest)
      await this.rows.release(ids).catch(() => undefined);
      throw error;
    }
    await this.rows.markPublished(ids, settled);
    return rows.length;
  }

  /**
   * Publishes the jobs of events their writer committed published (`EventDelivery` `writer`, docs/benchmarks.md, 32),
   * under the same job ids as the relay's, so a second publish of one (the recovery sweep's) adds nothing.
   */
  publishCommitted(events: EventToPublish[]): Promise<void> {
    const correlationId = currentCorrelationId() ?? null;
    return this.addJobs(events.map(({ id, ...event }) => ({ id, correlationId, event })));
  }

  /** One job per event, its id derived from the event's, in one call to Redis. */
  async addJobs(events: EventJobToAdd[]): Promise<void> {
    if (events.length === 0) return;
    await this.workers.queue(QueueName.Events).addBulk(
      events.map(({ id, correlationId, event }) => ({
        name: JobName.PublishedEvent,
        data: { outboxId: id, ...(correlationId ? { correlationId } : {}), ...(event ? { event } : {}) },
        opts: { jobId: jobIdFor('evt', id) },
      })),
    );
  }

  /**
   * Publishes until a batch comes back short of the limit: what was committed after its claim woke the relay
   * again (NOTIFY; PeriodicTasks runs the loop once more after this run), so no claim that finds nothing follows
   * every wake-up (docs/benchmarks.md, 6). An error ends the run (PeriodicTasks logs and counts it).
   */
  async drain(limit = 200): Promise<void> {
    while ((await this.publishBatch(limit)) >= limit);
  }
}
