import { Aggregate } from '../shared/aggregate';
import { ActorRef, Money, REFUND_STATES_HOLDING_AMOUNT, RefundCauseType, RefundState } from '@aftersale/contracts';
import { SYSTEM_ACTOR } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { DomainEvent } from '../shared/domain-event';
import { assertSameCurrency } from '../shared/money';

export interface RefundProps {
  id: string;
  orderId: string;
  sellerId: string;
  causeType: RefundCauseType;
  causeId: string;
  amount: Money;
  state: RefundState;
  attempts: number;
  /**
   * While an attempt's call to the provider may still be under way: the time by which it has ended (its lease),
   * null when no attempt is under way (docs/reliability.md, "One attempt at a time").
   */
  attemptEndsBy: Date | null;
  lastError: string | null;
  idempotencyKey: string;
  createdAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
  version: number;
}

export interface CreateRefundInput {
  id: string;
  order: { id: string; sellerId: string; paid: Money };
  causeType: RefundCauseType;
  causeId: string;
  amount: Money;
  /** minor units: the sum of the order's refunds that are pending, processing, succeeded or failed */
  heldAmount: number;
}

export type RefundEventType =
  | 'RefundCreated'
  | 'RefundAttemptStarted'
  | 'RefundSucceeded'
  | 'RefundFailed'
  | 'RefundDeclined'
  | 'RefundRetryRequested'
  | 'RefundVoided';

/**
 * Another attempt at the refund is under way (`Refund.startAttempt`): not a refusal, the attempt is to be made
 * again later, once that one has ended or its lease has run out.
 */
export class RefundAttemptUnderWay extends Error {
  constructor(
    readonly refundId: string,
    readonly attempt: number,
    readonly endsBy: Date,
  ) {
    super(`refund ${refundId}: attempt ${attempt} is under way until ${endsBy.toISOString()} at the latest`);
    this.name = 'RefundAttemptUnderWay';
  }
}

/** What is left to refund of what was paid, given the amount the order's refunds already hold. */
export function fullRefundAmount(paid: Money, heldAmount: number): Money {
  return { amount: Math.max(0, paid.amount - heldAmount), currency: paid.currency };
}

export class Refund extends Aggregate<
  RefundProps,
  RefundEventType,
  RefundState,
  | 'orderId'
  | 'causeType'
  | 'causeId'
  | 'state'
  | 'attempts'
  | 'attemptEndsBy'
  | 'lastError'
  | 'idempotencyKey'
  | 'completedAt'
>({ type: 'refund', orderId: 'orderId', state: 'state' }) {
  /** One cause pays at most once: the payment port deduplicates by this key. */
  static idempotencyKeyFor(causeType: RefundCauseType, causeId: string): string {
    return `${causeType}:${causeId}`;
  }

  static create(input: CreateRefundInput, actor: ActorRef, at: Date): { refund: Refund; events: DomainEvent[] } {
    const { order, amount, heldAmount } = input;
    assertSameCurrency(amount, order.paid.currency);
    if (!Number.isInteger(amount.amount) || amount.amount <= 0) {
      const message = 'A refund amount must be a positive integer in minor units.';
      throw new DomainError('validation-failed', message, { errors: [{ field: 'amount.amount', message }] });
    }
    if (heldAmount + amount.amount > order.paid.amount) {
      const left = fullRefundAmount(order.paid, heldAmount);
      throw new DomainError(
        'refund-exceeds-paid',
        `A refund of ${amount.amount} ${amount.currency} would exceed what was paid: ${left.amount} ${left.currency} is left to refund.`,
        { remaining: left },
      );
    }
    const refund = new Refund({
      id: input.id,
      orderId: order.id,
      sellerId: order.sellerId,
      causeType: input.causeType,
      causeId: input.causeId,
      amount: { ...amount },
      state: 'pending',
      attempts: 0,
      attemptEndsBy: null,
      lastError: null,
      idempotencyKey: Refund.idempotencyKeyFor(input.causeType, input.causeId),
      createdAt: at,
      completedAt: null,
      updatedAt: at,
      version: 0,
    });
    const data = {
      amount: { ...amount },
      causeType: input.causeType,
      causeId: input.causeId,
      idempotencyKey: refund.idempotencyKey,
    };
    return { refund, events: [refund.event('RefundCreated', null, actor, at, data)] };
  }

  get amount(): Money {
    return { ...this.props.amount };
  }
  /** Counts against what was paid; only `voided` releases its amount. */
  get holdsAmount(): boolean {
    return REFUND_STATES_HOLDING_AMOUNT.includes(this.props.state);
  }

  /**
   * One attempt at a time: the attempt holds the refund for `leaseMs` (longer than any call to the provider), and
   * another started meanwhile is refused with `RefundAttemptUnderWay` — it would ask the provider about the key while
   * this one's call may still be paying it, hear "unknown", and pay again. From `processing` too: an attempt that
   * ended without an answer (its call failed) or whose worker died (its lease ran out) is attempted again.
   */
  startAttempt(at: Date, leaseMs: number): DomainEvent[] {
    const from = this.assertState('Starting a refund attempt', ['pending', 'processing', 'failed']);
    const endsBy = this.props.attemptEndsBy;
    if (from === 'processing' && endsBy && endsBy.getTime() > at.getTime())
      throw new RefundAttemptUnderWay(this.props.id, this.props.attempts, endsBy);
    this.props.attempts += 1;
    this.props.attemptEndsBy = new Date(at.getTime() + leaseMs);
    return this.move(from, 'processing', 'RefundAttemptStarted', SYSTEM_ACTOR, at, { attempt: this.props.attempts });
  }

  /**
   * Whether the attempt numbered `attempt` still holds the refund for at least `forMs` after `at`: a call to the
   * provider started now by that attempt ends before its hold does, as long as no call lasts longer than `forMs`.
   */
  heldBy(attempt: number, at: Date, forMs: number): boolean {
    const endsBy = this.props.attemptEndsBy;
    return (
      this.props.state === 'processing' &&
      this.props.attempts === attempt &&
      !!endsBy &&
      endsBy.getTime() - at.getTime() >= forMs
    );
  }

  /**
   * The attempt numbered `attempt` ended without the provider's answer (its call failed): the refund stays
   * `processing` and the next attempt may start at once. False when that attempt is no longer the refund's own.
   */
  endAttempt(attempt: number): boolean {
    if (this.props.state !== 'processing' || this.props.attempts !== attempt || !this.props.attemptEndsBy) return false;
    this.props.attemptEndsBy = null;
    return true;
  }

  /**
   * The payment provider paid. From `failed` too: a refund marked failed after a timeout may have been paid,
   * and the provider's answer wins over ours (asked before voiding it).
   */
  succeed(at: Date): DomainEvent[] {
    const from = this.assertState('Completing the refund', ['processing', 'failed']);
    this.props.completedAt = at;
    return this.move(from, 'succeeded', 'RefundSucceeded', SYSTEM_ACTOR, at, {
      amount: this.amount,
      attempts: this.props.attempts,
    });
  }

  /**
   * The payment provider refused for good: nothing was paid, and the same key would be refused again, so the
   * refund is final and releases its amount. From `failed` too, when the provider's answer comes late.
   */
  decline(reason: string, at: Date): DomainEvent[] {
    const from = this.assertState('Recording the decline', ['processing', 'failed']);
    this.props.lastError = reason;
    this.props.completedAt = at;
    return this.move(from, 'declined', 'RefundDeclined', SYSTEM_ACTOR, at, {
      reason,
      amount: this.amount,
      attempts: this.props.attempts,
    });
  }

  fail(error: string, at: Date): DomainEvent[] {
    const from = this.assertState('Failing the refund', ['processing']);
    this.props.lastError = error;
    return this.move(from, 'failed', 'RefundFailed', SYSTEM_ACTOR, at, { error, attempts: this.props.attempts });
  }

  retry(actor: ActorRef, at: Date): DomainEvent[] {
    const from = this.assertState('Retrying the refund', ['failed']);
    return this.move(from, 'pending', 'RefundRetryRequested', actor, at, {});
  }

  void(actor: ActorRef, at: Date, comment: string): DomainEvent[] {
    if (!comment?.trim()) {
      const message = 'Voiding a refund needs a comment.';
      throw new DomainError('validation-failed', message, { errors: [{ field: 'comment', message }] });
    }
    const from = this.assertState('Voiding the refund', ['failed']);
    return this.move(from, 'voided', 'RefundVoided', actor, at, { comment: comment.trim(), amount: this.amount });
  }

  private assertState(what: string, allowed: readonly RefundState[]): RefundState {
    if (!allowed.includes(this.props.state)) throw DomainError.invalidTransition(what, this.props.state);
    return this.props.state;
  }

  private move(
    from: RefundState,
    to: RefundState,
    type: RefundEventType,
    actor: ActorRef,
    at: Date,
    data: Record<string, unknown>,
  ): DomainEvent[] {
    this.props.state = to;
    this.props.updatedAt = at;
    if (to !== 'processing') this.props.attemptEndsBy = null;
    return [this.event(type, from, actor, at, data)];
  }
}
