import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { CommittedEvent, EventJobData, JobName } from '@aftersale/contracts';
import { DomainEvent } from '@aftersale/domain';
import { EventReactionRows, OutboxEventForReactions } from '@aftersale/server/persistence';
import { currentCorrelationId } from '@aftersale/server/messaging';
import { OnJob } from '../infrastructure/jobs';

/** Jobs a reaction enqueues carry on the event's correlation id (docs/operations.md "Correlation id"). */
export function correlated(): { correlationId?: string } {
  const correlationId = currentCorrelationId();
  return correlationId ? { correlationId } : {};
}

export type StoredEvent = Omit<DomainEvent, 'at'> & { at: string; id: string };

/** A consumer reacting to an event, whose inbox row is written once it has reacted. */
export interface ReactionInProgress {
  consumer: string;
  eventId: string;
  /** the event's last consumer: its inbox row marks the event processed as well */
  last: boolean;
  /** written already, by the reaction's own last transaction (`recordReactionIn`) */
  recorded: boolean;
}

const reacting = new AsyncLocalStorage<ReactionInProgress>();

/**
 * The outbox row as its writer committed it, for the first start of the job its writer published (docs/benchmarks.md,
 * 33): the row is unprocessed and no consumer has reacted, since nothing else has delivered the event — the relay
 * never claims a row its writer published, and the recovery sweep publishes a job of its own (the id alone, so read)
 * only once this one is gone. A later start of the job (a failed attempt retried, a stalled job taken up again) may
 * follow reactions, and reads the row and its inbox.
 */
function firstDelivery(id: string, event: CommittedEvent): OutboxEventForReactions {
  return {
    id,
    type: event.type,
    aggregate_type: event.aggregateType,
    payload: event.payload,
    processed_at: null,
    reacted: [],
  };
}

/**
 * The reaction this code runs in, if any: a reaction whose last transaction can write its inbox row with its own
 * writes takes it and sets `recorded` once that transaction has committed (docs/benchmarks.md, 22).
 */
export function reactionInProgress(): ReactionInProgress | undefined {
  return reacting.getStore();
}

/** A consumer of committed events, registered by the context module that owns it. */
export interface Reaction {
  /** the inbox's name for it: a redelivered event skips a consumer that has reacted */
  consumer: string;
  /** the events it reacts to */
  to: (event: { type: string; aggregateType: string }) => boolean;
  react: (event: StoredEvent, delivery: EventDeliveryStart) => Promise<void>;
}

/** How the event reached the reaction. */
export interface EventDeliveryStart {
  /**
   * The first start of the job the event's writer published, with the event in it (`firstDelivery`): nothing else
   * has delivered the event, so nothing has reacted to it yet
   */
  first: boolean;
}

/**
 * What happens after an event is committed (docs/architecture.md#outbox-and-inbox): process managers that start timers
 * and refund payments, each registered by its context module. Each consumer records an inbox row once it has
 * reacted, so a redelivered event is not handled twice.
 */
@Injectable()
export class EventReactions {
  private readonly reactions: Reaction[] = [];

  constructor(private readonly rows: EventReactionRows) {}

  register(reaction: Reaction): void {
    if (this.reactions.some((known) => known.consumer === reaction.consumer))
      throw new Error(`Event consumer ${reaction.consumer} is registered twice`);
    this.reactions.push(reaction);
  }

  /**
   * Whether any consumer reacts to the event: the relay publishes no job for an event none does, and marks it
   * processed at once (docs/benchmarks.md "Changes and their effect", 2).
   */
  wants(event: { type: string; aggregateType: string }): boolean {
    return this.reactions.some((reaction) => reaction.to(event));
  }

  /**
   * One read of the row and of the consumers that have reacted to it (the inbox); each consumer still to react
   * reacts, then its inbox row is written — with the row's `processed_at` for the last one — unless the reaction's
   * last transaction wrote it (`reactionInProgress`).
   */
  @OnJob(JobName.PublishedEvent)
  async handle({ outboxId, event: committed }: EventJobData, job?: Pick<Job, 'attemptsStarted'>): Promise<void> {
    const carried = job?.attemptsStarted === 1 ? committed : undefined;
    const row = carried ? firstDelivery(outboxId, carried) : await this.rows.forReactions(outboxId);
    const delivery = { first: !!carried };
    if (!row || row.processed_at) return;
    const event = { ...(row.payload as Omit<StoredEvent, 'id'>), id: row.id };
    const pending = this.reactions.filter(
      (reaction) =>
        reaction.to({ type: row.type, aggregateType: row.aggregate_type }) && !row.reacted.includes(reaction.consumer),
    );
    if (pending.length === 0) return this.rows.markProcessed(row.id);
    for (const [index, { consumer, react }] of pending.entries()) {
      const reaction = { consumer, eventId: row.id, last: index === pending.length - 1, recorded: false };
      await reacting.run(reaction, () => react(event, delivery));
      if (!reaction.recorded) await this.rows.recordReaction(consumer, row.id, reaction.last);
    }
  }
}
