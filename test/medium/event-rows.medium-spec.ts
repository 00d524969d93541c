import { randomUUID } from 'node:crypto';
import { DomainEvent } from '@aftersale/domain';
import { appendEvents, EventDelivery, writeGroup, WriteGroup } from '@aftersale/server/persistence';
import { workerForThisFile } from './support/worker-under-test';

/**
 * The events' rows as `appendEvents` writes them from one JSON parameter (docs/benchmarks.md, 67): the audit row
 * holds every field of its event, the outbox row the event itself as its payload, each in the events' order.
 */
describe('every event is written as it was raised: its audit row field by field, its outbox row with the event as payload (docs/architecture.md#outbox-and-inbox)', () => {
  const worker = workerForThisFile();

  it('audit rows keep the order, the states, the actor and the data (none: {}); outbox rows the payload and who publishes; a settled event has none', async () => {
    const sellerId = worker.sellerId;
    const orderId = randomUUID();
    const refundId = randomUUID();
    const actor = { kind: 'user' as const, id: randomUUID(), name: 'Ана "Zhang" \\ 张' };
    const events: DomainEvent[] = [
      {
        type: 'OrderCancelled',
        aggregateType: 'order',
        aggregateId: orderId,
        orderId,
        sellerId,
        from: 'processing',
        to: 'cancelled',
        actor,
        at: new Date('2026-12-04T10:00:00.123Z'),
        data: { note: 'quotes " and \\ backslashes, 中文', amount: 123456789 },
      },
      {
        type: 'RefundCreated',
        aggregateType: 'refund',
        aggregateId: refundId,
        orderId,
        sellerId,
        from: null,
        to: 'pending',
        actor,
        at: new Date('2026-12-04T10:00:00.124Z'),
        data: {},
      },
      {
        type: 'ParcelReceived',
        aggregateType: 'parcel',
        aggregateId: randomUUID(),
        orderId: null,
        sellerId,
        from: null,
        to: null,
        actor,
        at: new Date('2026-12-04T10:00:00.125Z'),
        data: null as unknown as Record<string, unknown>,
      },
    ];
    const deliveries: Record<string, EventDelivery> = {
      OrderCancelled: 'settled',
      RefundCreated: 'writer',
      ParcelReceived: 'relay',
    };
    const published = await worker.dataSource.transaction((manager) =>
      appendEvents(manager, events, (event) => deliveries[event.type]),
    );
    expect(published.map((event) => event.type)).toEqual(['RefundCreated']);

    const audit = await worker.dataSource.query(
      `SELECT id, seller_id, case_type, case_id, order_id, type, from_state, to_state, actor, at, data
       FROM audit_events WHERE seller_id = $1 ORDER BY seq`,
      [sellerId],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        case_type: 'order',
        case_id: orderId,
        order_id: orderId,
        type: 'OrderCancelled',
        from_state: 'processing',
        to_state: 'cancelled',
        actor,
        at: new Date('2026-12-04T10:00:00.123Z'),
        data: { note: 'quotes " and \\ backslashes, 中文', amount: 123456789 },
      }),
      expect.objectContaining({
        case_type: 'refund',
        case_id: refundId,
        from_state: null,
        to_state: 'pending',
        data: {},
      }),
      // a parcel's events belong to the return case; no order, no states, no data
      expect.objectContaining({ case_type: 'return', order_id: null, from_state: null, to_state: null, data: {} }),
    ]);

    const outbox = await worker.dataSource.query(
      `SELECT id, type, aggregate_type, aggregate_id, payload, published_at FROM outbox WHERE seller_id = $1
       ORDER BY type`,
      [sellerId],
    );
    expect(outbox.map((row: { type: string }) => row.type)).toEqual(['ParcelReceived', 'RefundCreated']);
    const [parcel, refund] = outbox;
    expect(refund.id).toBe(published[0].id);
    expect(refund.published_at).not.toBeNull();
    expect(parcel.published_at).toBeNull();
    expect(refund.payload).toEqual({ ...events[1], at: '2026-12-04T10:00:00.124Z' });
    expect(parcel.payload).toEqual({ ...JSON.parse(JSON.stringify(events[2])), at: '2026-12-04T10:00:00.125Z' });
    // the audit row and the outbox row of one event share its id
    expect(audit.map((row: { id: string }) => row.id)).toEqual(expect.arrayContaining([refund.id, parcel.id]));
  });

  it("a batched command's rows carry its own correlation id (none: none), whatever the transaction's setting; other rows the setting", async () => {
    const sellerId = worker.sellerId;
    const event = (type: string): DomainEvent => ({
      type,
      aggregateType: 'refund',
      aggregateId: randomUUID(),
      orderId: null,
      sellerId,
      from: null,
      to: 'pending',
      actor: { kind: 'system' },
      at: new Date(),
      data: {},
    });
    const group = (correlationId: string | null): WriteGroup => ({ correlationId, lockedOrders: new Map() });
    await worker.dataSource.transaction(async (manager) => {
      // what another command of the batch, or the lock of the last one, left in the transaction
      await manager.query(`SELECT set_config('aftersale.correlation_id', 'the-transaction', true)`);
      await writeGroup.run(group('batched-one'), () => appendEvents(manager, [event('BatchedOne')]));
      await writeGroup.run(group(null), () => appendEvents(manager, [event('BatchedWithout')]));
      await appendEvents(manager, [event('Unbatched')]);
    });
    const rows: { type: string; audit: string | null; outbox: string | null }[] = await worker.dataSource.query(
      `SELECT a.type, a.correlation_id AS audit, o.correlation_id AS outbox
       FROM audit_events a JOIN outbox o ON o.id = a.id WHERE a.seller_id = $1 AND a.type IN ('BatchedOne', 'BatchedWithout', 'Unbatched')
       ORDER BY a.seq`,
      [sellerId],
    );
    expect(rows).toEqual([
      { type: 'BatchedOne', audit: 'batched-one', outbox: 'batched-one' },
      { type: 'BatchedWithout', audit: null, outbox: null },
      { type: 'Unbatched', audit: 'the-transaction', outbox: 'the-transaction' },
    ]);
  });
});
