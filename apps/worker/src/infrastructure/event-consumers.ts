import { Injectable } from '@nestjs/common';
import { EventDelivery, EventToPublish } from '@aftersale/server/persistence';

/** What an event is to the consumers that may react to it. */
export interface ConsumedEvent {
  type: string;
  aggregateType: string;
}

/**
 * Who publishes a committed event's job, asked when a transaction writes its events (`EventDelivery`): an event no
 * consumer reacts to is settled, written to the audit only, so the outbox relay neither wakes for it nor claims it
 * (docs/benchmarks.md, 13 and 63); one a consumer reacts to is handed over by the transaction's own process right
 * after its commit: its job published (32), or its reactions run there and then (`ReactionsAfterCommit`, 60). The
 * event reactions answer and take them (`EventsModule`); until they do, every event is taken to have a consumer and
 * goes through the relay, which settles the unwanted ones itself (docs/architecture.md#outbox-and-inbox).
 */
@Injectable()
export class EventConsumers {
  private answer: (event: ConsumedEvent) => boolean = () => true;
  private publisher?: (events: EventToPublish[]) => Promise<void>;

  /** `publish`: adds the events' jobs to the queue, as the relay would, or runs their reactions after the commit */
  answerWith(answer: (event: ConsumedEvent) => boolean, publish?: (events: EventToPublish[]) => Promise<void>): void {
    this.answer = answer;
    this.publisher = publish;
  }

  deliveryOf(event: ConsumedEvent): EventDelivery {
    if (!this.answer(event)) return 'settled';
    return this.publisher ? 'writer' : 'relay';
  }

  /** Hands over the committed events whose delivery was `writer` (so a publisher was given): their jobs or reactions. */
  publish(events: EventToPublish[]): Promise<void> {
    return this.publisher!(events);
  }
}
