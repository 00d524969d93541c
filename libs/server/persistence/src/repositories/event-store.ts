import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CaseType, CommittedEvent } from '@aftersale/contracts';
import { DomainEvent } from '@aftersale/domain';
import { write } from './deferred-writes';

const CASE_TYPES: Record<DomainEvent['aggregateType'], CaseType> = {
  order: 'order',
  cancellation: 'cancellation',
  refund: 'refund',
  return: 'return',
  parcel: 'return',
};

/**
 * Every event's audit row and, for an event something reacts to, its outbox row, in one statement: a data-modifying
 * CTE writes the audit rows (in the events' order, which their `seq` keeps), the outbox rows follow from the same
 * input. One round trip per transaction instead of two (docs/benchmarks.md, 7); the rows' `correlation_id` keeps
 * coming from the transaction's setting (column default). An event no consumer reacts to has no outbox row — there is
 * nothing to deliver (docs/benchmarks.md, 63; it was written published and processed since 13); one its writer
 * publishes is written published (32): the relay never claims it, and its insert does not notify it (migration
 * 1767300000000-outbox-notify-unpublished).
 * In a transaction that defers its writes, the three parts are queued as one write and join the transaction's other
 * writes in one statement (docs/benchmarks.md, 22).
 */
const EVENTS_IN = `SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[],
                         $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $15::text[])
      WITH ORDINALITY AS e(id, type, seller_id, aggregate_type, case_type, aggregate_id, order_id, from_state, to_state,
                           actor, data, at, payload, delivery, ord)`;
const EVENTS_AUDIT = `INSERT INTO audit_events (id, seller_id, case_type, case_id, order_id, type, from_state, to_state, actor, at, data)
    SELECT id, seller_id, case_type, aggregate_id, order_id, type, from_state, to_state, actor::jsonb, at,
           coalesce(data::jsonb, '{}'::jsonb)
    FROM events_in ORDER BY ord`;
const EVENTS_OUTBOX = `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload, created_at, published_at)
  SELECT id, type, seller_id, aggregate_type, aggregate_id, payload::jsonb, $14,
         CASE WHEN delivery = 'writer' THEN now() END
  FROM events_in WHERE delivery <> 'settled' ORDER BY ord`;

/**
 * Who publishes an event's job (docs/architecture.md#outbox-and-inbox):
 * - `settled`: nobody, no consumer reacts to it; it gets no outbox row, only its audit row (docs/benchmarks.md, 63);
 * - `writer`: the process that wrote it, once its transaction has committed; its row is written published, so the
 *   relay never claims it, and the recovery sweep publishes it again if its job never reaches Redis (the writer
 *   stopped between the commit and the publish) — as it does for any published event not processed after a while
 *   (docs/benchmarks.md, 32);
 * - `relay`: the outbox relay, which the row's insert wakes.
 */
export type EventDelivery = 'settled' | 'writer' | 'relay';

/** An event whose writer publishes its job after the commit: its outbox row's id and what the row holds. */
export interface EventToPublish extends CommittedEvent {
  id: string;
}

/**
 * Writes a transition's events in the caller's transaction: each as an immutable audit event and, when something
 * reacts to it, as an outbox row (docs/architecture.md#outbox-and-inbox: nothing is published before the commit).
 * `delivery` says who publishes each (`EventDelivery`; without it, every event gets its outbox row, the relay
 * publishes it and settles the unwanted ones itself). Returns the events the writer is to publish once its
 * transaction has committed.
 */
export async function appendEvents(
  manager: EntityManager,
  events: DomainEvent[],
  delivery: (event: DomainEvent) => EventDelivery = () => 'relay',
): Promise<EventToPublish[]> {
  if (events.length === 0) return [];
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  const ids = events.map(() => randomUUID());
  const deliveries = events.map(delivery);
  const payloads = events.map((event) => ({ ...event, at: event.at.toISOString() }));
  await write(manager, {
    table: 'outbox',
    parts: [
      { name: 'events_in', text: EVENTS_IN },
      { name: 'events_audit', text: EVENTS_AUDIT },
    ],
    text: EVENTS_OUTBOX,
    values: [
      ids,
      events.map((event) => event.type),
      events.map((event) => event.sellerId),
      events.map((event) => event.aggregateType),
      events.map((event) => CASE_TYPES[event.aggregateType]),
      events.map((event) => event.aggregateId),
      events.map((event) => event.orderId ?? null),
      events.map((event) => event.from ?? null),
      events.map((event) => event.to ?? null),
      events.map((event) => json(event.actor)),
      events.map((event) => json(event.data)),
      events.map((event) => event.at),
      payloads.map((payload) => JSON.stringify(payload)),
      new Date(),
      deliveries,
    ],
  });
  return events
    .map((event, index) => ({
      id: ids[index],
      type: event.type,
      aggregateType: event.aggregateType,
      payload: payloads[index],
    }))
    .filter((_, index) => deliveries[index] === 'writer');
}
