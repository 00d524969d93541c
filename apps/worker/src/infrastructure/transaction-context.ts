import { EntityManager } from 'typeorm';
import { DomainEvent } from '@aftersale/domain';
import {
  appendEvents,
  CancellationRequestRepository,
  EventDelivery,
  EventToPublish,
  OrderRepository,
  RefundRepository,
  ReturnCaseRepository,
} from '@aftersale/server/persistence';

/**
 * How a transaction's events reach their consumers when this process publishes their jobs itself (docs/benchmarks.md,
 * 32): `delivery` says who publishes an event's job (`EventConsumers`); the events its writer publishes are added to
 * `toPublish`, which the transaction's owner publishes once it has committed; and a refund issued in the transaction
 * starts its first attempt with a hold of `firstAttemptLeaseMs`, the first start of its `RefundCreated` job making the
 * call (`issueRefund`, docs/benchmarks.md, 35). The lease only makes sense with the publishing: a refund whose job the
 * relay publishes later is paid by an attempt of its own.
 */
export interface OwnPublishing {
  delivery: (event: DomainEvent) => EventDelivery;
  toPublish: EventToPublish[];
  firstAttemptLeaseMs?: number;
}

/** The repositories of one transaction, and the events its transitions caused (stored at the end). */
export class TransactionContext {
  readonly orders: OrderRepository;
  readonly cancellations: CancellationRequestRepository;
  readonly refunds: RefundRepository;
  readonly returns: ReturnCaseRepository;
  private readonly events: DomainEvent[] = [];

  constructor(
    readonly manager: EntityManager,
    private readonly publishing?: OwnPublishing,
  ) {
    this.orders = new OrderRepository(manager);
    this.cancellations = new CancellationRequestRepository(manager);
    this.refunds = new RefundRepository(manager);
    this.returns = new ReturnCaseRepository(manager);
  }

  /** set when this process publishes the transaction's event jobs itself and starts its refunds' first attempts */
  get firstAttemptLeaseMs(): number | undefined {
    return this.publishing?.firstAttemptLeaseMs;
  }

  record(events: DomainEvent[]): void {
    this.events.push(...events);
  }

  /** Stores the recorded events; those this process publishes go to its `toPublish` list. */
  async flushEvents(): Promise<void> {
    const published = await appendEvents(this.manager, this.events.splice(0), this.publishing?.delivery);
    this.publishing?.toPublish.push(...published);
  }
}
