import { ActorRef } from '@aftersale/contracts';
import { Order } from '../orders/order.aggregate';
import { CancellationRequest } from './cancellation-request.aggregate';
import { deliverOrder, refuseOrderDelivery } from './order-delivery';

const channel: ActorRef = { kind: 'channel', id: 'seller-1' };
const at = new Date('2025-03-01T10:00:00Z');
const later = new Date('2025-03-02T10:00:00Z');

function shippedOrder(): Order {
  const { order } = Order.create(
    {
      id: 'order-1',
      sellerId: 'seller-1',
      postingNumber: '7731-0042',
      buyer: { name: 'Li Wei' },
      lines: [{ sku: 'SKU-1', name: 'Kettle', quantity: 1, unitPrice: { amount: 150000, currency: 'RUB' } }],
      paid: { amount: 150000, currency: 'RUB' },
    },
    channel,
    at,
  );
  return Order.fromSnapshot({ ...order.toSnapshot(), status: 'shipped' });
}

function withCarrierRequest() {
  const order = shippedOrder();
  const { request } = CancellationRequest.open(
    {
      id: 'cancel-1',
      order,
      reasonId: 'cannot-deliver',
      initiator: 'carrier',
      reason: { isCommentRequired: false },
      deadlineHours: 72,
    },
    channel,
    at,
  );
  return { order, request };
}

describe('delivery overtaking a waiting cancellation request', () => {
  it('supersedes a waiting carrier request when the order is delivered', () => {
    const { order, request } = withCarrierRequest();
    const events = deliverOrder(order, request, channel, later);
    expect(events.map((e) => e.type)).toEqual(['OrderDelivered', 'CancellationSuperseded']);
    expect(order.status).toBe('delivered');
    expect(request.state).toBe('superseded');
    expect(order.openCancellationId).toBeNull();
  });

  it('supersedes a waiting carrier request when the delivery is refused at the door', () => {
    const { order, request } = withCarrierRequest();
    expect(refuseOrderDelivery(order, request, channel, later).map((e) => e.type)).toEqual([
      'OrderDeliveryRefused',
      'CancellationSuperseded',
    ]);
    expect(request.state).toBe('superseded');
  });

  it('delivers an order without an open request', () => {
    const order = shippedOrder();
    expect(deliverOrder(order, null, channel, later).map((e) => e.type)).toEqual(['OrderDelivered']);
  });

  it('leaves a waiting request untouched when the order may not be delivered', () => {
    const order = Order.fromSnapshot({ ...shippedOrder().toSnapshot(), status: 'processing' });
    const { request } = CancellationRequest.open(
      { id: 'cancel-1', order, reasonId: 'changed-mind', reason: { isCommentRequired: false }, deadlineHours: 72 },
      channel,
      at,
    );
    expect(() => deliverOrder(order, request, channel, later)).toThrow(
      expect.objectContaining({ code: 'invalid-transition' }),
    );
    expect(request.state).toBe('awaiting_seller');
    expect(order.openCancellationId).toBe('cancel-1');
  });

  it('insists on being given the open request', () => {
    const { order } = withCarrierRequest();
    expect(() => deliverOrder(order, null, channel, later)).toThrow(/cancel-1/);
    expect(order.status).toBe('shipped');
  });
});
