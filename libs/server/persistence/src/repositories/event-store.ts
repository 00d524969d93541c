import { EntityManager } from 'typeorm';
import { CaseType, CommittedEvent } from '@aftersale/contracts';
import { DomainEvent, newId } from '@aftersale/domain';
import { correlationOfBatched, write } from './deferred-writes';

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
 * input. One round trip per transaction instead of two (docs/benchmarks.md, 7); the rows' `correlation_id` is the
 * transaction's setting (the column's default), or a batched command's own (`correlationOfBatched`, docs/benchmarks.md,
 * 68). An event no consumer reacts to has no outbox row — there is
 * nothing to deliver (docs/benchmarks.md, 63; it was written published and processed since 13); one its writer
 * publishes is written published (32): the relay never claims it, and its insert does not notify it (migration
 * 1767300000000-outbox-notify-unpublished).
 * The events arrive as one JSON array, each element the event as its outbox payload holds it with its row's id, case
 * type and delivery beside it: PostgreSQL parses each event once, and the worker writes one string instead of
 * fourteen arrays whose JSON elements node-postgres escaped one by one (docs/benchmarks.md, 67).
 * In a transaction that defers its writes, the three parts are queued as one write and join the transaction's other
 * writes in one statement (docs/benchmarks.md, 22).
 */
const EVENTS_IN = `SELECT (item->>'id')::uuid AS id, ev->>'type' AS type, (ev->>'sellerId')::uuid AS seller_id,
         ev->>'aggregateType' AS aggregate_type, item->>'caseType' AS case_type, (ev->>'aggregateId')::uuid AS aggregate_id,
         (ev->>'orderId')::uuid AS order_id, ev->>'from' AS from_state, ev->>'to' AS to_state,
         nullif(ev->'actor', 'null') AS actor, nullif(ev->'data', 'null') AS data, (ev->>'at')::timestamptz AS at,
         ev AS payload, item->>'delivery' AS delivery, ord,
         CASE WHEN item ? 'correlationId' THEN item->>'correlationId'
              ELSE nullif(current_setting('aftersale.correlation_id', true), '') END AS correlation_id
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, ord) CROSS JOIN LATERAL (VALUES (item->'event')) AS x(ev)`;
const EVENTS_AUDIT = `INSERT INTO audit_events (id, seller_id, case_type, case_id, order_id, type, from_state, to_state, actor, at, data,
                          correlation_id)
    SELECT id, seller_id, case_type, aggregate_id, order_id, type, from_state, to_state, actor, at, coalesce(data, '{}'::jsonb),
           correlation_id
    FROM events_in ORDER BY ord`;
const EVENTS_OUTBOX = `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload, created_at, published_at,
                    correlation_id)
  SELECT id, type, seller_id, aggregate_type, aggregate_id, payload, $2, CASE WHEN delivery = 'writer' THEN now() END,
         correlation_id
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
  const batched = correlationOfBatched();
  const rows: object[] = [];
  const toPublish: EventToPublish[] = [];
  for (const event of events) {
    const id = newId();
    const payload = { ...event, at: event.at.toISOString() };
    const delivered = delivery(event);
    rows.push({ id, caseType: CASE_TYPES[event.aggregateType], delivery: delivered, event: payload, ...batched });
    if (delivered === 'writer') toPublish.push({ id, type: event.type, aggregateType: event.aggregateType, payload });
  }
  await write(manager, {
    table: 'outbox',
    parts: [
      { name: 'events_in', text: EVENTS_IN },
      { name: 'events_audit', text: EVENTS_AUDIT },
    ],
    text: EVENTS_OUTBOX,
    values: [JSON.stringify(rows), new Date()],
  });
  return toPublish;
}
