import { EntityManager } from 'typeorm';
import { DomainEvent } from '@aftersale/domain';
import {
  appendEvents,
  CancellationRequestRepository,
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

  /** `consumed`: whether any consumer reacts to an event (`EventConsumers`); the others are written settled */
  constructor(
    readonly manager: EntityManager,
    private readonly consumed?: (event: DomainEvent) => boolean,
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
    await appendEvents(this.manager, this.events.splice(0), this.consumed);
  }
}
