import { ActorRef, OrderStatus } from '@aftersale/contracts';
import { DomainError } from '../shared/domain-error';
import { CreateOrderInput, Order } from './order.aggregate';

const seller: ActorRef = { kind: 'user', id: 'user-1', name: 'Agent' };
const channel: ActorRef = { kind: 'channel', id: 'seller-1' };
const at = new Date('2025-03-01T10:00:00Z');
const later = new Date('2025-03-01T11:00:00Z');

const input = (overrides: Partial<CreateOrderInput> = {}): CreateOrderInput => ({
  id: 'order-1',
  sellerId: 'seller-1',
  postingNumber: '7731-0042',
  buyer: { name: 'Li Wei', email: 'li@example.com' },
  lines: [
    { sku: 'SKU-1', name: 'Kettle', quantity: 2, unitPrice: { amount: 150000, currency: 'RUB' } },
    { sku: 'SKU-2', name: 'Filter', quantity: 1, unitPrice: { amount: 50000, currency: 'RUB' } },
  ],
  paid: { amount: 350000, currency: 'RUB' },
  ...overrides,
});

function orderIn(status: OrderStatus, openCancellationId: string | null = null): Order {
  return Order.fromSnapshot({ ...Order.create(input(), channel, at).order.toSnapshot(), status, openCancellationId });
}

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('Order', () => {
  describe('create', () => {
    it('creates a pending order with nothing refunded and emits OrderCreated', () => {
      const { order, events } = Order.create(input(), channel, at);
      expect(order.toSnapshot()).toMatchObject({
        id: 'order-1',
        status: 'pending',
        refundedAmount: 0,
        openCancellationId: null,
        cancelledBySeller: false,
        createdAt: at,
        updatedAt: at,
        version: 0,
      });
      expect(events).toEqual([
        expect.objectContaining({
          type: 'OrderCreated',
          aggregateType: 'order',
          aggregateId: 'order-1',
          orderId: 'order-1',
          sellerId: 'seller-1',
          from: null,
          to: 'pending',
          actor: channel,
          at,
        }),
      ]);
    });

    it('accepts paying less than the lines add up to (a discount)', () => {
      expect(Order.create(input({ paid: { amount: 1, currency: 'RUB' } }), channel, at).order.paid).toEqual({
        amount: 1,
        currency: 'RUB',
      });
    });

    it('refuses an order without lines', () => {
      expect(refusal(() => Order.create(input({ lines: [] }), channel, at)).code).toBe('validation-failed');
    });

    it.each([0, -1, 1.5])('refuses a line quantity of %p', (quantity) => {
      const lines = [{ sku: 'SKU-1', name: 'Kettle', quantity, unitPrice: { amount: 100, currency: 'RUB' } }];
      expect(
        refusal(() => Order.create(input({ lines, paid: { amount: 0, currency: 'RUB' } }), channel, at)).code,
      ).toBe('validation-failed');
    });

    it.each([-1, 10.5])('refuses a unit price of %p', (amount) => {
      const lines = [{ sku: 'SKU-1', name: 'Kettle', quantity: 1, unitPrice: { amount, currency: 'RUB' } }];
      expect(
        refusal(() => Order.create(input({ lines, paid: { amount: 0, currency: 'RUB' } }), channel, at)).code,
      ).toBe('validation-failed');
    });

    it('refuses lines in another currency than the payment with currency-mismatch', () => {
      const lines = [{ sku: 'SKU-1', name: 'Kettle', quantity: 1, unitPrice: { amount: 100, currency: 'CNY' } }];
      expect(
        refusal(() => Order.create(input({ lines, paid: { amount: 100, currency: 'RUB' } }), channel, at)).code,
      ).toBe('currency-mismatch');
    });

    it('refuses paying more than the lines add up to', () => {
      expect(refusal(() => Order.create(input({ paid: { amount: 350001, currency: 'RUB' } }), channel, at)).code).toBe(
        'validation-failed',
      );
    });
  });

  describe('forward moves', () => {
    it('moves pending → processing → shipped → delivered, each with its event', () => {
      const order = orderIn('pending');
      const types = [
        ...order.process(seller, later),
        ...order.ship(seller, later),
        ...order.deliver(channel, later),
      ].map((e) => [e.type, e.from, e.to]);
      expect(types).toEqual([
        ['OrderProcessing', 'pending', 'processing'],
        ['OrderShipped', 'processing', 'shipped'],
        ['OrderDelivered', 'shipped', 'delivered'],
      ]);
      expect(order.status).toBe('delivered');
      expect(order.updatedAt).toEqual(later);
    });

    it('moves a shipped order refused at the door to delivery_refused', () => {
      const order = orderIn('shipped');
      expect(order.refuseDelivery(channel, later)).toEqual([
        expect.objectContaining({ type: 'OrderDeliveryRefused', from: 'shipped', to: 'delivery_refused' }),
      ]);
    });

    it('refuses shipping an order with an open cancellation request with order-has-open-cancellation', () => {
      const error = refusal(() => orderIn('processing', 'cancel-1').ship(seller, later));
      expect(error.code).toBe('order-has-open-cancellation');
      expect(error.details.currentState).toBe('processing');
    });

    it.each<[OrderStatus, (o: Order) => unknown]>([
      ['shipped', (o) => o.process(seller, later)],
      ['pending', (o) => o.ship(seller, later)],
      ['processing', (o) => o.deliver(channel, later)],
      ['delivered', (o) => o.refuseDelivery(channel, later)],
      ['delivered', (o) => o.markCancelled(seller, later, { cancellationId: 'c', initiator: 'buyer', reasonId: 'r' })],
      ['cancelled', (o) => o.markCancelled(seller, later, { cancellationId: 'c', initiator: 'buyer', reasonId: 'r' })],
    ])('refuses a move from %s with invalid-transition and the current state', (status, move) => {
      const error = refusal(() => move(orderIn(status)));
      expect(error.code).toBe('invalid-transition');
      expect(error.details.currentState).toBe(status);
    });
  });

  describe('cancellation link', () => {
    it('cancels a pending, processing or shipped order and records a seller cancellation', () => {
      for (const status of ['pending', 'processing', 'shipped'] as const) {
        const order = orderIn(status);
        const events = order.markCancelled(seller, later, {
          cancellationId: 'c',
          initiator: 'seller',
          reasonId: 'r',
          bySeller: true,
        });
        expect(events).toEqual([
          expect.objectContaining({
            type: 'OrderCancelled',
            from: status,
            to: 'cancelled',
            data: expect.objectContaining({ cancellationId: 'c' }),
          }),
        ]);
        expect(order.cancelledBySeller).toBe(true);
      }
    });

    it('keeps one open cancellation request per order', () => {
      const order = orderIn('processing');
      order.attachCancellation('cancel-1');
      expect(refusal(() => order.attachCancellation('cancel-2')).code).toBe('cancellation-already-open');
      order.detachCancellation();
      order.attachCancellation('cancel-2');
      expect(order.openCancellationId).toBe('cancel-2');
    });
  });

  describe('refunds', () => {
    it('adds succeeded refunds to the refunded amount', () => {
      const order = orderIn('cancelled');
      order.recordRefundSucceeded({ amount: 100000, currency: 'RUB' });
      order.recordRefundSucceeded({ amount: 250000, currency: 'RUB' });
      expect(order.refunded).toEqual({ amount: 350000, currency: 'RUB' });
    });

    it('refuses recording a refund beyond what was paid or in another currency', () => {
      const order = orderIn('cancelled');
      expect(refusal(() => order.recordRefundSucceeded({ amount: 350001, currency: 'RUB' })).code).toBe(
        'refund-exceeds-paid',
      );
      expect(refusal(() => order.recordRefundSucceeded({ amount: 1, currency: 'CNY' })).code).toBe('currency-mismatch');
    });
  });

  it('round-trips through its snapshot without sharing mutable state', () => {
    const snapshot = orderIn('processing').toSnapshot();
    const order = Order.fromSnapshot(snapshot);
    snapshot.lines[0].quantity = 99;
    expect(order.lines[0].quantity).toBe(2);
    expect(order.toSnapshot()).toEqual({ ...snapshot, lines: order.toSnapshot().lines });
  });
});

describe('an order is marked returned only after delivery or a refused delivery', () => {
  const actor = { kind: 'system' as const, name: 'system' };
  const at = new Date('2026-11-01T10:00:00Z');
  const base = {
    id: 'o-1',
    sellerId: 's-1',
    postingNumber: '0001-0001',
    buyer: { name: 'B' },
    lines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: { amount: 100, currency: 'RUB' } }],
    paid: { amount: 100, currency: 'RUB' },
  };

  it('moves a delivered order to returned', () => {
    const { order } = Order.create(base, actor, at);
    order.process(actor, at);
    order.ship(actor, at);
    order.deliver(actor, at);
    const events = order.markReturned(actor, at, { returnIds: ['r-1'] });
    expect(order.status).toBe('returned');
    expect(events[0]).toMatchObject({ type: 'OrderReturned', from: 'delivered', to: 'returned' });
  });

  it('refuses to mark a processing order returned', () => {
    const { order } = Order.create(base, actor, at);
    order.process(actor, at);
    expect(() => order.markReturned(actor, at, { returnIds: [] })).toThrow(
      expect.objectContaining({ code: 'invalid-transition' }),
    );
  });
});
