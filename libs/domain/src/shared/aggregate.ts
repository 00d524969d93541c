import { ActorRef } from '@aftersale/contracts';
import { AggregateType, DomainEvent } from './domain-event';

/** What every aggregate's state holds: the snapshot its repository stores. */
export interface AggregateProps {
  id: string;
  sellerId: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** How an aggregate's events name it: its type, the order they belong to, and its state after the transition. */
export interface EventSource<P, State extends string> {
  type: AggregateType;
  orderId: (props: P) => string;
  state: (props: P) => State;
}

/**
 * What the aggregates share: their state is one plain object, read through getters and stored as a snapshot,
 * and every transition returns the events it caused, each shaped by `event`.
 */
export abstract class Aggregate<P extends AggregateProps, EventType extends string, State extends string> {
  protected constructor(
    protected props: P,
    private readonly source: EventSource<P, State>,
  ) {}

  get id(): string {
    return this.props.id;
  }
  get sellerId(): string {
    return this.props.sellerId;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get updatedAt(): Date {
    return this.props.updatedAt;
  }
  get version(): number {
    return this.props.version;
  }

  /** An event of this aggregate, `to` its state now (so a transition changes the state first). */
  protected event(
    type: EventType,
    from: State | null,
    actor: ActorRef,
    at: Date,
    data: Record<string, unknown>,
  ): DomainEvent {
    return {
      type,
      aggregateType: this.source.type,
      aggregateId: this.props.id,
      orderId: this.source.orderId(this.props),
      sellerId: this.props.sellerId,
      from,
      to: this.source.state(this.props),
      actor,
      at,
      data,
    };
  }
}
