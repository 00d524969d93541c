import { ActorRef, RefundState } from '@aftersale/contracts';
import { SYSTEM_ACTOR } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { CreateRefundInput, Refund, RefundAttemptUnderWay, fullRefundAmount } from './refund.aggregate';

const admin: ActorRef = { kind: 'user', id: 'user-1', name: 'Admin' };
const at = new Date('2025-03-01T10:00:00Z');
const later = new Date('2025-03-01T10:05:00Z');
/** how long an attempt holds the refund against another */
const LEASE_MS = 60_000;
const order = { id: 'order-1', sellerId: 'seller-1', paid: { amount: 150000, currency: 'RUB' } };

const create = (overrides: Partial<CreateRefundInput> = {}) =>
  Refund.create(
    {
      id: 'refund-1',
      order,
      causeType: 'cancellation',
      causeId: 'cancel-1',
      amount: { amount: 150000, currency: 'RUB' },
      heldAmount: 0,
      ...overrides,
    },
    SYSTEM_ACTOR,
    at,
  );

function refundIn(state: RefundState): Refund {
  return Refund.fromSnapshot({ ...create().refund.toSnapshot(), state, attempts: state === 'pending' ? 0 : 1 });
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

describe('Refund', () => {
  it.each([
    ['cancellation', 'cancellation:c-1'],
    ['return', 'return:c-1'],
    ['compensation', 'compensation:c-1'],
  ] as const)('derives the idempotency key of a %s refund from its cause', (causeType, key) => {
    expect(Refund.idempotencyKeyFor(causeType, 'c-1')).toBe(key);
  });

  describe('create', () => {
    it('creates a pending refund keyed by its cause and emits RefundCreated', () => {
      const { refund, events } = create();
      expect(refund.toSnapshot()).toMatchObject({
        orderId: 'order-1',
        sellerId: 'seller-1',
        state: 'pending',
        attempts: 0,
        lastError: null,
        completedAt: null,
        idempotencyKey: 'cancellation:cancel-1',
        amount: { amount: 150000, currency: 'RUB' },
      });
      expect(refund.holdsAmount).toBe(true);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'RefundCreated',
          aggregateType: 'refund',
          aggregateId: 'refund-1',
          orderId: 'order-1',
          from: null,
          to: 'pending',
          data: expect.objectContaining({ amount: { amount: 150000, currency: 'RUB' } }),
        }),
      ]);
    });

    it('refuses an amount in another currency than the payment with currency-mismatch', () => {
      expect(refusal(() => create({ amount: { amount: 100, currency: 'CNY' } })).code).toBe('currency-mismatch');
    });

    it.each([0, -5, 10.5])('refuses an amount of %p', (amount) => {
      expect(refusal(() => create({ amount: { amount, currency: 'RUB' } })).code).toBe('validation-failed');
    });

    it('refuses refunds adding up to more than was paid with refund-exceeds-paid, telling what is left', () => {
      const error = refusal(() => create({ amount: { amount: 50001, currency: 'RUB' }, heldAmount: 100000 }));
      expect(error.code).toBe('refund-exceeds-paid');
      expect(error.details.remaining).toEqual({ amount: 50000, currency: 'RUB' });
      expect(error.message).toMatch(/50000 RUB is left/);
    });

    it('accepts a refund up to exactly what is left', () => {
      expect(create({ amount: { amount: 50000, currency: 'RUB' }, heldAmount: 100000 }).refund.state).toBe('pending');
    });
  });

  it('computes a full refund as what is left of what was paid', () => {
    expect(fullRefundAmount(order.paid, 0)).toEqual({ amount: 150000, currency: 'RUB' });
    expect(fullRefundAmount(order.paid, 100000)).toEqual({ amount: 50000, currency: 'RUB' });
    expect(fullRefundAmount(order.paid, 200000)).toEqual({ amount: 0, currency: 'RUB' });
  });

  describe('execution', () => {
    it('pays a refund: pending → processing → succeeded, counting attempts', () => {
      const { refund } = create();
      const events = [...refund.startAttempt(at, LEASE_MS), ...refund.succeed(later)];
      expect(events.map((e) => [e.type, e.from, e.to])).toEqual([
        ['RefundAttemptStarted', 'pending', 'processing'],
        ['RefundSucceeded', 'processing', 'succeeded'],
      ]);
      expect(refund.toSnapshot()).toMatchObject({
        state: 'succeeded',
        attempts: 1,
        completedAt: later,
        updatedAt: later,
      });
      expect(refund.holdsAmount).toBe(true);
    });

    it('records a failed attempt and tries again from failed', () => {
      const { refund } = create();
      refund.startAttempt(at, LEASE_MS);
      expect(refund.fail('gateway down', later)).toEqual([
        expect.objectContaining({
          type: 'RefundFailed',
          to: 'failed',
          data: expect.objectContaining({ error: 'gateway down' }),
        }),
      ]);
      expect(refund.lastError).toBe('gateway down');
      expect(refund.holdsAmount).toBe(true);
      refund.startAttempt(later, LEASE_MS);
      expect(refund.state).toBe('processing');
      expect(refund.attempts).toBe(2);
    });

    it('starts a crashed attempt again while processing', () => {
      const refund = refundIn('processing');
      refund.startAttempt(later, LEASE_MS);
      expect(refund.state).toBe('processing');
      expect(refund.attempts).toBe(2);
    });

    describe('one attempt at a time', () => {
      const started = () => {
        const { refund } = create();
        refund.startAttempt(at, LEASE_MS);
        return refund;
      };

      it('an attempt holds the refund for its lease: another started meanwhile is turned away and changes nothing', () => {
        const refund = started();
        const before = refund.toSnapshot();
        const during = new Date(at.getTime() + LEASE_MS - 1);
        expect(() => refund.startAttempt(during, LEASE_MS)).toThrow(RefundAttemptUnderWay);
        expect(refund.toSnapshot()).toEqual(before);
        expect(before.attemptEndsBy).toEqual(new Date(at.getTime() + LEASE_MS));
      });

      it('an attempt whose worker died holds it no longer than its lease: the next one starts once it has run out', () => {
        const refund = started();
        refund.startAttempt(new Date(at.getTime() + LEASE_MS), LEASE_MS);
        expect(refund.attempts).toBe(2);
      });

      it('an attempt still holds the refund for a call only while that much of its lease is left, and only while it is the latest', () => {
        const refund = started();
        const half = LEASE_MS / 2;
        expect(refund.heldBy(1, new Date(at.getTime() + half), half)).toBe(true);
        expect(refund.heldBy(1, new Date(at.getTime() + half + 1), half)).toBe(false);
        expect(refund.heldBy(2, at, half)).toBe(false);
        refund.endAttempt(1);
        expect(refund.heldBy(1, at, half)).toBe(false);
        const { refund: pending } = create();
        expect(pending.heldBy(0, at, 0)).toBe(false);
      });

      it('an attempt that ended without an answer releases the refund at once, the next one starting at the same moment', () => {
        const refund = started();
        expect(refund.endAttempt(1)).toBe(true);
        expect(refund.attemptEndsBy).toBeNull();
        refund.startAttempt(at, LEASE_MS);
        expect(refund.attempts).toBe(2);
      });

      it('an earlier attempt ending late leaves the later attempt’s hold in place', () => {
        const refund = started();
        refund.startAttempt(new Date(at.getTime() + LEASE_MS), LEASE_MS);
        expect(refund.endAttempt(1)).toBe(false);
        expect(() => refund.startAttempt(new Date(at.getTime() + LEASE_MS + 1), LEASE_MS)).toThrow(
          RefundAttemptUnderWay,
        );
      });

      it.each(['succeed', 'decline', 'fail'] as const)(
        'the provider’s answer or the last failure (%s) ends the hold',
        (outcome) => {
          const refund = started();
          if (outcome === 'decline') refund.decline('no', later);
          else if (outcome === 'fail') refund.fail('down', later);
          else refund.succeed(later);
          expect(refund.attemptEndsBy).toBeNull();
        },
      );

      it('a failed refund retried by a person starts at once, whatever is left of the last lease', () => {
        const refund = started();
        refund.fail('down', at);
        refund.retry(admin, at);
        refund.startAttempt(at, LEASE_MS);
        expect(refund.attempts).toBe(2);
      });
    });

    it.each<RefundState>(['succeeded', 'declined', 'voided'])('refuses another attempt on a %s refund', (state) => {
      const error = refusal(() => refundIn(state).startAttempt(later, LEASE_MS));
      expect(error.code).toBe('invalid-transition');
      expect(error.details.currentState).toBe(state);
    });

    it.each<RefundState>(['pending', 'succeeded', 'declined', 'voided'])(
      'refuses completing, declining or failing a %s refund that is not processing',
      (state) => {
        expect(refusal(() => refundIn(state).succeed(later)).code).toBe('invalid-transition');
        expect(refusal(() => refundIn(state).decline('x', later)).code).toBe('invalid-transition');
        expect(refusal(() => refundIn(state).fail('x', later)).code).toBe('invalid-transition');
      },
    );

    it('refuses failing a refund that is already failed', () => {
      expect(refusal(() => refundIn('failed').fail('x', later)).code).toBe('invalid-transition');
    });

    it('a refund the payment provider declined is final: it records why, holds nothing, and is neither retried nor voided', () => {
      const { refund } = create();
      refund.startAttempt(at, LEASE_MS);
      expect(refund.decline('account closed', later)).toEqual([
        expect.objectContaining({
          type: 'RefundDeclined',
          from: 'processing',
          to: 'declined',
          data: expect.objectContaining({ reason: 'account closed' }),
        }),
      ]);
      expect(refund.toSnapshot()).toMatchObject({ state: 'declined', lastError: 'account closed', completedAt: later });
      expect(refund.holdsAmount).toBe(false);
      expect(refusal(() => refund.retry(admin, later)).details.currentState).toBe('declined');
      expect(refusal(() => refund.void(admin, later, 'no')).details.currentState).toBe('declined');
    });

    it("a failed refund the provider reports as paid, or as declined, takes the provider's answer", () => {
      const paid = refundIn('failed');
      expect(paid.succeed(later)).toEqual([expect.objectContaining({ type: 'RefundSucceeded', from: 'failed' })]);
      expect(paid.holdsAmount).toBe(true);
      const declined = refundIn('failed');
      expect(declined.decline('refused', later)).toEqual([
        expect.objectContaining({ type: 'RefundDeclined', from: 'failed', to: 'declined' }),
      ]);
    });
  });

  describe('after failure', () => {
    it('retries a failed refund by hand: back to pending', () => {
      const refund = refundIn('failed');
      expect(refund.retry(admin, later)).toEqual([
        expect.objectContaining({ type: 'RefundRetryRequested', from: 'failed', to: 'pending', actor: admin }),
      ]);
      expect(refund.state).toBe('pending');
    });

    it('voids a failed refund with a comment, releasing its amount', () => {
      const refund = refundIn('failed');
      expect(refund.void(admin, later, 'Paid by bank transfer')).toEqual([
        expect.objectContaining({
          type: 'RefundVoided',
          to: 'voided',
          data: expect.objectContaining({ comment: 'Paid by bank transfer' }),
        }),
      ]);
      expect(refund.holdsAmount).toBe(false);
    });

    it('refuses voiding without a comment', () => {
      expect(refusal(() => refundIn('failed').void(admin, later, ' ')).code).toBe('validation-failed');
    });

    it.each<RefundState>(['pending', 'processing', 'succeeded', 'declined', 'voided'])(
      'refuses retrying or voiding a %s refund with invalid-transition',
      (state) => {
        const retry = refusal(() => refundIn(state).retry(admin, later));
        expect([retry.code, retry.details.currentState]).toEqual(['invalid-transition', state]);
        const voiding = refusal(() => refundIn(state).void(admin, later, 'no'));
        expect([voiding.code, voiding.details.currentState]).toEqual(['invalid-transition', state]);
      },
    );
  });
});
