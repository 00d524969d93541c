import { EntityManager } from 'typeorm';
import { DomainEvent, Order, Refund } from '@aftersale/domain';
import {
  appendEvents,
  CancellationRequestRepository,
  EventDelivery,
  EventToPublish,
  OrderRepository,
  RefundRepository,
  ReturnCaseRepository,
} from '@aftersale/server/persistence';
import { IssuedRefunds } from './issued-refunds';

/**
 * How a transaction's events reach their consumers when this process publishes their jobs itself (docs/benchmarks.md,
 * 32): `delivery` says who publishes an event's job (`EventConsumers`); the events its writer publishes are added to
 * `toPublish`, which the transaction's owner publishes once it has committed; and a refund issued in the transaction
 * starts its first attempt with a hold of `firstAttemptLeaseMs`, the first start of its `RefundCreated` job making the
 * call (`issueRefund`, docs/benchmarks.md, 35). The lease only makes sense with the publishing: a refund whose job the
 * relay publishes later is paid by an attempt of its own. Such a refund, as the transaction wrote it, goes to `issued`
 * for that attempt (docs/benchmarks.md, 61).
 */
export interface OwnPublishing {
  delivery: (event: DomainEvent) => EventDelivery;
  toPublish: EventToPublish[];
  firstAttemptLeaseMs?: number;
  issued?: IssuedRefunds;
}

/** The repositories of one transaction, and the events its transitions caused (stored at the end). */
export class TransactionContext {
  readonly orders: OrderRepository;
  readonly cancellations: CancellationRequestRepository;
  readonly refunds: RefundRepository;
  readonly returns: ReturnCaseRepository;
  private readonly events: DomainEvent[] = [];
  /** the refunds issued here with their first attempt started, handed to it at the end (`flushEvents`) */
  private readonly issuedRefunds: { refund: Refund; order: Order; marketplace: string | null }[] = [];

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

  /**
   * A refund issued here whose first attempt started (`issueRefund`), with its order and its payment's route: handed
   * to that attempt as the transaction leaves them, once its work is done (`flushEvents`).
   */
  issuedWithAttempt(refund: Refund, order: Order, marketplace: string | null): void {
    if (this.publishing?.issued) this.issuedRefunds.push({ refund, order, marketplace });
  }

  /**
   * At the end of the transaction's work: stores the recorded events, those this process publishes going to its
   * `toPublish` list, and hands the refunds issued with their attempt to `issued`, as their rows will stand.
   */
  async flushEvents(): Promise<void> {
    const published = await appendEvents(this.manager, this.events.splice(0), this.publishing?.delivery);
    this.publishing?.toPublish.push(...published);
    for (const { refund, order, marketplace } of this.issuedRefunds.splice(0))
      this.publishing?.issued?.add(this.refunds.asWritten(refund, order, marketplace));
  }
}
