import { ActorRef } from '@aftersale/contracts';

export type AggregateType = 'order' | 'cancellation' | 'refund' | 'return' | 'parcel';

/**
 * What a transition caused. Each event is stored twice in the transition's transaction: as an immutable
 * audit event (who, when, from, to, why) and as an outbox row that the relay publishes afterwards.
 */
export interface DomainEvent {
  type: string;
  aggregateType: AggregateType;
  aggregateId: string;
  orderId: string | null;
  sellerId: string;
  from: string | null;
  to: string | null;
  actor: ActorRef;
  at: Date;
  data: Record<string, unknown>;
}
