import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CaseType } from '@aftersale/contracts';
import { DomainEvent } from '@aftersale/domain';
import { AuditEventOrmEntity, OutboxEventOrmEntity } from '../entities';

const CASE_TYPES: Record<DomainEvent['aggregateType'], CaseType> = {
  order: 'order',
  cancellation: 'cancellation',
  refund: 'refund',
  return: 'return',
  parcel: 'return',
};

/**
 * Writes a transition's events twice, in the caller's transaction: as immutable audit events and as outbox
 * rows for the relay (docs/architecture.md#outbox-and-inbox: nothing is published before the commit).
 */
export async function appendEvents(manager: EntityManager, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const audit = events.map((event) => ({
    id: randomUUID(),
    sellerId: event.sellerId,
    caseType: CASE_TYPES[event.aggregateType],
    caseId: event.aggregateId,
    orderId: event.orderId,
    type: event.type,
    from: event.from,
    to: event.to,
    actor: event.actor,
    at: event.at,
    data: event.data,
  }));
  await manager.insert(AuditEventOrmEntity, audit as never);
  await manager.insert(
    OutboxEventOrmEntity,
    events.map((event, index) => ({
      id: audit[index].id,
      type: event.type,
      sellerId: event.sellerId,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      payload: { ...event, at: event.at.toISOString() } as never,
      createdAt: new Date(),
    })),
  );
}
