import { ActorRef, CancellationInitiator, OrderStatus } from '@aftersale/contracts';
import { DEADLINE_ACTOR, SYSTEM_ACTOR } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { Order } from '../orders/order.aggregate';
import { CancellationRequest, OpenCancellationInput } from './cancellation-request.aggregate';

const buyer: ActorRef = { kind: 'channel', id: 'seller-1' };
const agent: ActorRef = { kind: 'user', id: 'user-7', name: 'Agent' };
const at = new Date('2025-03-01T10:00:00Z');
const deadline = new Date('2025-03-04T10:00:00Z');
const beforeDeadline = new Date('2025-03-04T09:59:59Z');
const afterDeadline = new Date('2025-03-04T10:00:01Z');

function orderIn(status: OrderStatus): Order {
  const { order } = Order.create(
    {
      id: 'order-1',
      sellerId: 'seller-1',
      postingNumber: '7731-0042',
      buyer: { name: 'Li Wei' },
      lines: [{ sku: 'SKU-1', name: 'Kettle', quantity: 1, unitPrice: { amount: 150000, currency: 'RUB' } }],
      paid: { amount: 150000, currency: 'RUB' },
    },
    buyer,
    at,
  );
  return Order.fromSnapshot({ ...order.toSnapshot(), status });
}

function open(order: Order, overrides: Partial<OpenCancellationInput> = {}) {
  return CancellationRequest.open(
    {
      id: 'cancel-1',
      order,
      reasonId: 'changed-mind',
      comment: null,
      reason: { isCommentRequired: false },
      deadlineHours: 72,
      ...overrides,
    },
    buyer,
    at,
  );
}

function waiting(status: OrderStatus = 'processing', initiator: CancellationInitiator = 'buyer') {
  const order = orderIn(status);
  const { request } = open(order, { initiator });
  return { order, request };
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

describe('CancellationRequest', () => {
  describe('open', () => {
    it('approves a request on a pending order at once and cancels the order', () => {
      const order = orderIn('pending');
      const { request, events } = open(order);
      expect(request.toSnapshot()).toMatchObject({
        state: 'approved',
        initiator: 'buyer',
        decidedBy: 'system',
        decidedAt: at,
        deadlineAt: null,
        orderId: 'order-1',
        postingNumber: '7731-0042',
      });
      expect(order.status).toBe('cancelled');
      expect(order.openCancellationId).toBeNull();
      expect(events.map((e) => [e.type, e.from, e.to, e.actor])).toEqual([
        ['CancellationApproved', null, 'approved', SYSTEM_ACTOR],
        ['OrderCancelled', 'pending', 'cancelled', SYSTEM_ACTOR],
      ]);
      expect(events[0].data).toMatchObject({ automatic: true, requestedBy: buyer });
    });

    it('makes a request on a processing order wait for the seller until the deadline', () => {
      const order = orderIn('processing');
      const { request, events } = open(order);
      expect(request.state).toBe('awaiting_seller');
      expect(request.isOpen).toBe(true);
      expect(request.deadlineAt).toEqual(deadline);
      expect(order.status).toBe('processing');
      expect(order.openCancellationId).toBe('cancel-1');
      expect(events).toEqual([
        expect.objectContaining({
          type: 'CancellationRequested',
          aggregateType: 'cancellation',
          from: null,
          to: 'awaiting_seller',
          actor: buyer,
          data: expect.objectContaining({ deadlineAt: deadline.toISOString() }),
        }),
      ]);
    });

    it('accepts a fractional deadline in hours', () => {
      const { request } = open(orderIn('processing'), { deadlineHours: 0.001 });
      expect(request.deadlineAt).toEqual(new Date(at.getTime() + 3600));
    });

    it("makes a carrier's request on a shipped order wait for the seller", () => {
      const { request, order } = waiting('shipped', 'carrier');
      expect(request.state).toBe('awaiting_seller');
      expect(order.openCancellationId).toBe('cancel-1');
    });

    it.each<CancellationInitiator>(['buyer', 'marketplace'])(
      'refuses a %s request on a shipped order with order-already-shipped, naming the ways left',
      (initiator) => {
        const error = refusal(() => open(orderIn('shipped'), { initiator }));
        expect(error.code).toBe('order-already-shipped');
        expect(error.details.currentState).toBe('shipped');
        expect(error.message).toMatch(/refuse the delivery/);
        expect(error.message).toMatch(/open a return/);
      },
    );

    it.each<CancellationInitiator>(['buyer', 'marketplace', 'carrier'])(
      'refuses a %s request on a delivered order with order-already-shipped',
      (initiator) => {
        const error = refusal(() => open(orderIn('delivered'), { initiator }));
        expect(error.code).toBe('order-already-shipped');
        expect(error.details.currentState).toBe('delivered');
      },
    );

    it.each<OrderStatus>(['cancelled', 'delivery_refused', 'returned'])(
      'refuses a request on a %s order with invalid-transition: nothing to cancel',
      (status) => {
        const error = refusal(() => open(orderIn(status)));
        expect(error.code).toBe('invalid-transition');
        expect(error.details.currentState).toBe(status);
      },
    );

    it('refuses a second open request on the same order with cancellation-already-open', () => {
      const { order } = waiting();
      expect(refusal(() => open(order, { id: 'cancel-2' })).code).toBe('cancellation-already-open');
    });

    it('refuses a request without a comment when its reason requires one', () => {
      const order = orderIn('processing');
      expect(refusal(() => open(order, { reason: { isCommentRequired: true }, comment: '  ' })).code).toBe(
        'validation-failed',
      );
      expect(open(order, { reason: { isCommentRequired: true }, comment: 'Wrong colour' }).request.comment).toBe(
        'Wrong colour',
      );
    });

    it('refuses the seller initiator through the channel', () => {
      expect(refusal(() => open(orderIn('processing'), { initiator: 'seller' })).code).toBe('validation-failed');
    });
  });

  describe('openBySeller', () => {
    const cancelBySeller = (order: Order) =>
      CancellationRequest.openBySeller(
        { id: 'cancel-9', order, reasonId: 'out-of-stock', comment: null, reason: { isCommentRequired: false } },
        agent,
        at,
      );

    it.each<OrderStatus>(['pending', 'processing'])(
      'cancels a %s order at once and counts it against the seller',
      (status) => {
        const order = orderIn(status);
        const { request, events } = cancelBySeller(order);
        expect(request.toSnapshot()).toMatchObject({
          state: 'approved',
          initiator: 'seller',
          decidedBy: 'user-7',
          decidedAt: at,
        });
        expect(order.status).toBe('cancelled');
        expect(order.cancelledBySeller).toBe(true);
        expect(events.map((e) => e.type)).toEqual(['CancellationApproved', 'OrderCancelled']);
        expect(events[0].data).toMatchObject({ automatic: false, bySeller: true });
      },
    );

    it.each<OrderStatus>(['shipped', 'delivered', 'cancelled', 'delivery_refused', 'returned'])(
      'refuses a seller cancellation of a %s order with invalid-transition',
      (status) => {
        const error = refusal(() => cancelBySeller(orderIn(status)));
        expect(error.code).toBe('invalid-transition');
        expect(error.details.currentState).toBe(status);
      },
    );

    it('refuses a seller cancellation while a request is open with cancellation-already-open', () => {
      const { order } = waiting();
      expect(refusal(() => cancelBySeller(order)).code).toBe('cancellation-already-open');
    });
  });

  describe('decisions', () => {
    it("approves a waiting request: the order is cancelled in the same step and the seller's decision recorded", () => {
      const { order, request } = waiting();
      const events = request.approve(order, agent, beforeDeadline, 'Sorry');
      expect(request.toSnapshot()).toMatchObject({
        state: 'approved',
        decidedAt: beforeDeadline,
        decidedBy: 'user-7',
        decisionComment: 'Sorry',
        deadlineAt: deadline,
      });
      expect(request.approvedLike).toBe(true);
      expect(order.status).toBe('cancelled');
      expect(order.openCancellationId).toBeNull();
      expect(events.map((e) => [e.type, e.from, e.to])).toEqual([
        ['CancellationApproved', 'awaiting_seller', 'approved'],
        ['OrderCancelled', 'processing', 'cancelled'],
      ]);
      expect(events[0].data).toMatchObject({ automatic: false });
    });

    it('approves a carrier request on a shipped order and cancels the order', () => {
      const { order, request } = waiting('shipped', 'carrier');
      request.approve(order, agent, beforeDeadline);
      expect(order.status).toBe('cancelled');
    });

    it('rejects a waiting request with a reason and a comment: the order continues and can ship', () => {
      const { order, request } = waiting();
      const events = request.reject(
        order,
        agent,
        beforeDeadline,
        'already-handed-over',
        'Already handed to the carrier',
      );
      expect(request.toSnapshot()).toMatchObject({
        state: 'rejected',
        decisionReasonId: 'already-handed-over',
        decisionComment: 'Already handed to the carrier',
        decidedBy: 'user-7',
        deadlineAt: deadline,
      });
      expect(events).toEqual([
        expect.objectContaining({ type: 'CancellationRejected', from: 'awaiting_seller', to: 'rejected' }),
      ]);
      expect(order.status).toBe('processing');
      expect(order.ship(agent, beforeDeadline)[0].type).toBe('OrderShipped');
    });

    it.each([
      ['', 'Already handed to the carrier'],
      ['already-handed-over', '   '],
    ])('refuses a rejection without a reason or a comment (%p, %p)', (reasonId, comment) => {
      const { order, request } = waiting();
      expect(refusal(() => request.reject(order, agent, beforeDeadline, reasonId, comment)).code).toBe(
        'validation-failed',
      );
      expect(request.state).toBe('awaiting_seller');
    });

    it("withdraws a waiting request at the buyer's wish: the order continues", () => {
      const { order, request } = waiting();
      expect(request.withdraw(order, buyer, beforeDeadline)).toEqual([
        expect.objectContaining({ type: 'CancellationWithdrawn', to: 'withdrawn' }),
      ]);
      expect(request.isOpen).toBe(false);
      expect(order.status).toBe('processing');
      expect(order.openCancellationId).toBeNull();
    });

    it.each<[string, (r: CancellationRequest, o: Order) => unknown]>([
      ['a second approve', (r, o) => r.approve(o, agent, beforeDeadline)],
      ['a reject after approve', (r, o) => r.reject(o, agent, beforeDeadline, 'r', 'too late')],
      ['a withdraw after approve', (r, o) => r.withdraw(o, buyer, beforeDeadline)],
    ])('refuses %s with invalid-transition and the current state', (_, act) => {
      const { order, request } = waiting();
      request.approve(order, agent, beforeDeadline);
      const error = refusal(() => act(request, order));
      expect(error.code).toBe('invalid-transition');
      expect(error.details.currentState).toBe('approved');
    });

    it('refuses a decision accepted after the deadline even before the timer fired', () => {
      const { order, request } = waiting();
      const error = refusal(() => request.approve(order, agent, afterDeadline));
      expect(error.code).toBe('invalid-transition');
      expect(error.details.currentState).toBe('awaiting_seller');
      expect(error.message).toMatch(/deadline/);
      expect(order.status).toBe('processing');
    });

    it('lets a decision accepted exactly at the deadline win', () => {
      const { order, request } = waiting();
      request.reject(order, agent, deadline, 'r', 'Already handed to the carrier');
      expect(request.state).toBe('rejected');
    });
  });

  describe('deadline', () => {
    it('auto-approves a request whose deadline passed with no decision and cancels the order', () => {
      const { order, request } = waiting();
      const events = request.expireDeadline(order, afterDeadline);
      expect(request.toSnapshot()).toMatchObject({
        state: 'auto_approved',
        decidedBy: 'deadline',
        decidedAt: afterDeadline,
        deadlineAt: deadline,
      });
      expect(request.approvedLike).toBe(true);
      expect(order.status).toBe('cancelled');
      expect(order.openCancellationId).toBeNull();
      expect(events.map((e) => [e.type, e.from, e.to, e.actor])).toEqual([
        ['CancellationAutoApproved', 'awaiting_seller', 'auto_approved', DEADLINE_ACTOR],
        ['OrderCancelled', 'processing', 'cancelled', DEADLINE_ACTOR],
      ]);
    });

    it('does nothing when the timer fires before the deadline', () => {
      const { order, request } = waiting();
      expect(request.expireDeadline(order, beforeDeadline)).toEqual([]);
      expect(request.state).toBe('awaiting_seller');
    });

    it('does nothing when the timer fires on an already decided request', () => {
      const { order, request } = waiting();
      request.reject(order, agent, beforeDeadline, 'r', 'Already handed to the carrier');
      expect(request.expireDeadline(order, afterDeadline)).toEqual([]);
      expect(request.state).toBe('rejected');
      expect(order.status).toBe('processing');
    });

    it('gives way to a decision accepted before the deadline and applied after it', () => {
      const { order, request } = waiting();
      expect(request.expireDeadline(order, afterDeadline, beforeDeadline)).toEqual([]);
      request.approve(order, agent, beforeDeadline);
      expect(request.state).toBe('approved');
      expect(request.decidedBy).toBe('user-7');
    });

    it('does not give way to a decision accepted after the deadline', () => {
      const { order, request } = waiting();
      request.expireDeadline(order, afterDeadline, afterDeadline);
      expect(request.state).toBe('auto_approved');
    });
  });

  describe('supersede', () => {
    it('supersedes a waiting request: the order is released', () => {
      const { order, request } = waiting('shipped', 'carrier');
      order.deliver(buyer, beforeDeadline);
      expect(request.supersede(order, buyer, beforeDeadline)).toEqual([
        expect.objectContaining({ type: 'CancellationSuperseded', from: 'awaiting_seller', to: 'superseded' }),
      ]);
      expect(order.openCancellationId).toBeNull();
    });

    it('does nothing to a decided request', () => {
      const { order, request } = waiting('shipped', 'carrier');
      request.reject(order, agent, beforeDeadline, 'r', 'Parcel found');
      expect(request.supersede(order, buyer, beforeDeadline)).toEqual([]);
      expect(request.state).toBe('rejected');
    });
  });

  it('round-trips through its snapshot', () => {
    const { request } = waiting();
    expect(CancellationRequest.fromSnapshot(request.toSnapshot()).toSnapshot()).toEqual(request.toSnapshot());
  });
});
