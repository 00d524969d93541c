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

/** The repositories of one transaction, and the events its transitions caused (stored at the end). */
export class TransactionContext {
  readonly orders: OrderRepository;
  readonly cancellations: CancellationRequestRepository;
  readonly refunds: RefundRepository;
  readonly returns: ReturnCaseRepository;
  private readonly events: DomainEvent[] = [];

  /**
   * `delivery`: who publishes an event's job (`EventConsumers`); the events its writer publishes are added to
   * `toPublish`, which the transaction's owner publishes once it has committed. `firstAttemptLeaseMs`, set when this
   * process publishes those jobs itself: a refund issued here starts its first attempt with a hold of that long, and
   * the first start of its `RefundCreated` job makes the call (`issueRefund`, docs/benchmarks.md, 35)
   */
  constructor(
    readonly manager: EntityManager,
    private readonly delivery?: (event: DomainEvent) => EventDelivery,
    private readonly toPublish: EventToPublish[] = [],
    readonly firstAttemptLeaseMs?: number,
  ) {
    this.orders = new OrderRepository(manager);
    this.cancellations = new CancellationRequestRepository(manager);
    this.refunds = new RefundRepository(manager);
    this.returns = new ReturnCaseRepository(manager);
  }

  record(events: DomainEvent[]): void {
    this.events.push(...events);
  }

  async flushEvents(): Promise<void> {
    this.toPublish.push(...(await appendEvents(this.manager, this.events.splice(0), this.delivery)));
  }
}
