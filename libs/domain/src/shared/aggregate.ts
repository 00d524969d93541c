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

/** Which fields of its state name the order an aggregate's events belong to, and its state machine's state. */
export interface EventSource<P, State extends string> {
  type: AggregateType;
  orderId: { [K in keyof P]: P[K] extends string ? K : never }[keyof P];
  state: { [K in keyof P]: P[K] extends State ? K : never }[keyof P];
}

/** A field as an aggregate shows it: read-only, and so are the arrays and objects in it (transitions change them). */
type Shown<V> = V extends readonly (infer E)[] ? readonly Readonly<E>[] : V extends Date ? V : Readonly<V>;

/** The fields of its state an aggregate shows as read-only properties: the base's, and those it names. */
export type ShownFields<P, K extends keyof P> = { readonly [F in K | (keyof AggregateProps & keyof P)]: Shown<P[F]> };

/**
 * What the aggregates share: their state is one plain object (`props`), a copy of the snapshot it was made from
 * and stored as; each field is read as a property of the same name, and every transition returns the events it
 * caused, each shaped by `event`. A getter an aggregate writes itself (a copy, a derived value) takes precedence.
 */
abstract class AggregateBase<P extends AggregateProps, EventType extends string, State extends string> {
  protected readonly props: P;

  protected constructor(
    props: P,
    private readonly source: EventSource<P, State>,
  ) {
    this.props = copyOf(props);
    showFields(Object.getPrototypeOf(this), Object.keys(props));
  }

  /** A copy of the state, for the repository to store and `fromSnapshot` to restore. */
  toSnapshot(): P {
    return copyOf(this.props);
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
      orderId: this.props[this.source.orderId] as string,
      sellerId: this.props.sellerId,
      from,
      to: this.props[this.source.state] as State,
      actor,
      at,
      data,
    };
  }
}

/**
 * A deep copy of an aggregate's state, which is plain data: objects, arrays, Dates and primitives. What
 * `structuredClone` made of it, at a fifth of the cost (it serialises and deserialises): an aggregate is made and
 * stored a few times per command (docs/benchmarks.md, 38).
 */
function copyOf<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyOf((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** One read-only property per field, defined once on the aggregate's prototype, unless the aggregate has its own. */
function showFields(prototype: object, fields: string[]): void {
  for (const field of fields) {
    if (field in prototype) continue;
    Object.defineProperty(prototype, field, {
      get(this: { props: Record<string, unknown> }) {
        return this.props[field];
      },
    });
  }
}

/**
 * The base of the aggregates: `class Order extends Aggregate<Props, EventType, State, 'field' | …>(source) {…}` shows
 * the named fields of `Props` (and id, sellerId, createdAt, updatedAt, version) as read-only properties, typed from
 * `Props`; `source` names the fields that hold its order and its state, for its events. `Order.fromSnapshot(props)`
 * restores one from the state its repository stored (`toSnapshot`).
 */
export function Aggregate<
  P extends AggregateProps,
  EventType extends string,
  State extends string,
  K extends keyof P = never,
>(source: EventSource<P, State>) {
  class SourcedAggregate extends AggregateBase<P, EventType, State> {
    constructor(props: P) {
      super(props, source);
    }

    static fromSnapshot<T>(this: new (props: P) => T, props: P): T {
      return new this(props);
    }
  }
  return SourcedAggregate as unknown as {
    new (props: P): AggregateBase<P, EventType, State> & ShownFields<P, K>;
    fromSnapshot<T>(this: new (props: P) => T, props: P): T;
  };
}
