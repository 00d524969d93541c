import { Injectable } from '@nestjs/common';

/** What an event is to the consumers that may react to it. */
export interface ConsumedEvent {
  type: string;
  aggregateType: string;
}

/**
 * Whether any consumer reacts to an event, asked when a transaction writes its events (docs/benchmarks.md, 13): an
 * event none reacts to is written published and processed, so the outbox relay neither wakes for it nor claims it.
 * The event reactions answer (`EventsModule`); until they do, every event is taken to have a consumer and goes
 * through the relay, which settles the unwanted ones itself (docs/architecture.md#outbox-and-inbox).
 */
@Injectable()
export class EventConsumers {
  private answer: (event: ConsumedEvent) => boolean = () => true;

  answerWith(answer: (event: ConsumedEvent) => boolean): void {
    this.answer = answer;
  }

  wants(event: ConsumedEvent): boolean {
    return this.answer(event);
  }
}
