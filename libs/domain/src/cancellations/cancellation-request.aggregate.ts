import { Aggregate } from '../shared/aggregate';
import { ActorRef, CancellationInitiator, CancellationState } from '@aftersale/contracts';
import { DEADLINE_ACTOR, SYSTEM_ACTOR, decidedByOf } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { DomainEvent } from '../shared/domain-event';
import { Order } from '../orders/order.aggregate';

export interface CancellationProps {
  id: string;
  orderId: string;
  sellerId: string;
  postingNumber: string;
  state: CancellationState;
  initiator: CancellationInitiator;
  reasonId: string;
  comment: string | null;
  deadlineAt: Date | null;
  decidedAt: Date | null;
  /** a user id, `system` or `deadline` */
  decidedBy: string | null;
  decisionReasonId: string | null;
  decisionComment: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** What the domain needs to know of the chosen reason from the catalogue. */
export interface CancellationReasonPolicy {
  isCommentRequired: boolean;
}

export interface OpenCancellationInput {
  id: string;
  order: Order;
  reasonId: string;
  comment?: string | null;
  /** `buyer` when not given; `seller` goes through `openBySeller` */
  initiator?: CancellationInitiator;
  reason: CancellationReasonPolicy;
  /** the seller's setting; fractions allowed (0.001 h lets a test watch a deadline pass) */
  deadlineHours: number;
}

export interface OpenSellerCancellationInput {
  id: string;
  order: Order;
  reasonId: string;
  comment?: string | null;
  reason: CancellationReasonPolicy;
}

export type CancellationEventType =
  | 'CancellationRequested'
  | 'CancellationApproved'
  | 'CancellationAutoApproved'
  | 'CancellationRejected'
  | 'CancellationWithdrawn'
  | 'CancellationSuperseded';

const HOUR_MS = 3_600_000;

function invalid(field: string, message: string): DomainError {
  return new DomainError('validation-failed', message, { errors: [{ field, message }] });
}

function normalizeComment(comment: string | null | undefined): string | null {
  return comment?.trim() ? comment.trim() : null;
}

function assertReason(reasonId: string, comment: string | null, reason: CancellationReasonPolicy): void {
  if (!reasonId?.trim()) throw invalid('reasonId', 'A reason is required.');
  if (reason.isCommentRequired && !comment) throw invalid('comment', 'This reason requires a comment.');
}

function assertNoOpenRequest(order: Order): void {
  if (order.openCancellationId) {
    throw new DomainError(
      'cancellation-already-open',
      `Order ${order.postingNumber} already has an open cancellation request.`,
      {
        currentState: order.status,
        cancellationId: order.openCancellationId,
      },
    );
  }
}

export class CancellationRequest extends Aggregate<
  CancellationProps,
  CancellationEventType,
  CancellationState,
  | 'orderId'
  | 'postingNumber'
  | 'state'
  | 'initiator'
  | 'reasonId'
  | 'comment'
  | 'deadlineAt'
  | 'decidedAt'
  | 'decidedBy'
  | 'decisionReasonId'
  | 'decisionComment'
>({ type: 'cancellation', orderId: 'orderId', state: 'state' }) {
  /**
   * A request from the channel. The order's status when the request is accepted decides its fate
   * (docs/rules.md#cancellations): approved at once, waiting for the seller, or refused.
   */
  static open(
    input: OpenCancellationInput,
    actor: ActorRef,
    at: Date,
  ): { request: CancellationRequest; events: DomainEvent[] } {
    const { order, reasonId, reason, deadlineHours } = input;
    const initiator = input.initiator ?? 'buyer';
    const comment = normalizeComment(input.comment);
    if (initiator === 'seller')
      throw invalid('initiator', 'A seller cancels its order through POST /orders/:id/cancel.');
    assertReason(reasonId, comment, reason);
    if (!Number.isFinite(deadlineHours) || deadlineHours <= 0)
      throw invalid('deadlineHours', 'The cancellation deadline must be a positive number of hours.');
    assertNoOpenRequest(order);

    const status = order.status;
    const waits = status === 'processing' || (status === 'shipped' && initiator === 'carrier');
    if (status === 'pending') {
      const request = CancellationRequest.newRequest(input.id, order, initiator, reasonId, comment, at, {
        state: 'approved',
        decidedAt: at,
        decidedBy: decidedByOf(SYSTEM_ACTOR),
      });
      // The system decides, not the requester; who asked is kept in the event's data.
      const events = [
        request.event('CancellationApproved', null, SYSTEM_ACTOR, at, {
          automatic: true,
          initiator,
          reasonId,
          comment,
          requestedBy: actor,
        }),
        ...order.markCancelled(SYSTEM_ACTOR, at, { cancellationId: request.id, initiator, reasonId, automatic: true }),
      ];
      return { request, events };
    }
    if (waits) {
      const deadlineAt = new Date(at.getTime() + Math.round(deadlineHours * HOUR_MS));
      const request = CancellationRequest.newRequest(input.id, order, initiator, reasonId, comment, at, {
        state: 'awaiting_seller',
        deadlineAt,
      });
      order.attachCancellation(request.id);
      const events = [
        request.event('CancellationRequested', null, actor, at, {
          initiator,
          reasonId,
          comment,
          deadlineAt: deadlineAt.toISOString(),
        }),
      ];
      return { request, events };
    }
    if (status === 'shipped' || status === 'delivered') {
      throw new DomainError(
        'order-already-shipped',
        `Order ${order.postingNumber} is already ${status} and can no longer be cancelled; refuse the delivery at the door, or open a return instead.`,
        { currentState: status, waysLeft: status === 'shipped' ? ['refuse-delivery', 'open-return'] : ['open-return'] },
      );
    }
    throw DomainError.invalidTransition('Cancelling the order', status);
  }

  /** The seller cancels an order it cannot fulfil; it counts against the seller's reliability. */
  static openBySeller(
    input: OpenSellerCancellationInput,
    actor: ActorRef,
    at: Date,
  ): { request: CancellationRequest; events: DomainEvent[] } {
    const { order, reasonId, reason } = input;
    const comment = normalizeComment(input.comment);
    assertReason(reasonId, comment, reason);
    if (order.status !== 'pending' && order.status !== 'processing')
      throw DomainError.invalidTransition('Cancelling the order', order.status);
    assertNoOpenRequest(order);

    const request = CancellationRequest.newRequest(input.id, order, 'seller', reasonId, comment, at, {
      state: 'approved',
      decidedAt: at,
      decidedBy: decidedByOf(actor),
    });
    const events = [
      request.event('CancellationApproved', null, actor, at, {
        automatic: false,
        bySeller: true,
        initiator: 'seller',
        reasonId,
        comment,
      }),
      ...order.markCancelled(actor, at, { cancellationId: request.id, initiator: 'seller', reasonId, bySeller: true }),
    ];
    return { request, events };
  }

  private static newRequest(
    id: string,
    order: Order,
    initiator: CancellationInitiator,
    reasonId: string,
    comment: string | null,
    at: Date,
    outcome: Pick<CancellationProps, 'state'> &
      Partial<Pick<CancellationProps, 'deadlineAt' | 'decidedAt' | 'decidedBy'>>,
  ): CancellationRequest {
    return new CancellationRequest({
      id,
      orderId: order.id,
      sellerId: order.sellerId,
      postingNumber: order.postingNumber,
      initiator,
      reasonId,
      comment,
      deadlineAt: null,
      decidedAt: null,
      decidedBy: null,
      decisionReasonId: null,
      decisionComment: null,
      createdAt: at,
      updatedAt: at,
      version: 0,
      ...outcome,
    });
  }

  get isOpen(): boolean {
    return this.props.state === 'awaiting_seller';
  }
  get approvedLike(): boolean {
    return this.props.state === 'approved' || this.props.state === 'auto_approved';
  }

  /** `acceptedAt` is when the API accepted the decision: that moment, not when it is applied, meets the deadline. */
  approve(order: Order, actor: ActorRef, acceptedAt: Date, comment?: string | null): DomainEvent[] {
    this.assertDecidable('Approving the cancellation request', order, acceptedAt);
    const decisionComment = normalizeComment(comment);
    const orderEvents = order.markCancelled(actor, acceptedAt, {
      cancellationId: this.id,
      initiator: this.initiator,
      reasonId: this.reasonId,
    });
    order.detachCancellation();
    this.decide('approved', actor, acceptedAt, { decisionComment });
    return [
      this.event('CancellationApproved', 'awaiting_seller', actor, acceptedAt, {
        automatic: false,
        comment: decisionComment,
      }),
      ...orderEvents,
    ];
  }

  reject(order: Order, actor: ActorRef, acceptedAt: Date, reasonId: string, comment: string): DomainEvent[] {
    const decisionComment = normalizeComment(comment);
    if (!reasonId?.trim()) throw invalid('reasonId', 'A rejection needs a reason.');
    if (!decisionComment) throw invalid('comment', 'A rejection needs a comment.');
    this.assertDecidable('Rejecting the cancellation request', order, acceptedAt);
    this.decide('rejected', actor, acceptedAt, { decisionReasonId: reasonId, decisionComment });
    order.detachCancellation();
    return [
      this.event('CancellationRejected', 'awaiting_seller', actor, acceptedAt, { reasonId, comment: decisionComment }),
    ];
  }

  /** The buyer takes the request back; it is not a decision, so decidedAt and decidedBy stay empty. */
  withdraw(order: Order, actor: ActorRef, acceptedAt: Date): DomainEvent[] {
    this.assertDecidable('Withdrawing the cancellation request', order, acceptedAt);
    this.props.state = 'withdrawn';
    this.props.updatedAt = acceptedAt;
    order.detachCancellation();
    return [this.event('CancellationWithdrawn', 'awaiting_seller', actor, acceptedAt, {})];
  }

  /**
   * Fired by the deadline timer. Firing a decided request does nothing, and neither does firing early.
   * `acceptedDecisionAt` is the acceptance time of a decision on this request that the API accepted but
   * the worker has not applied yet, if any: accepted in time, it wins and the timer gives way.
   */
  expireDeadline(order: Order, now: Date, acceptedDecisionAt: Date | null = null): DomainEvent[] {
    const deadlineAt = this.props.deadlineAt;
    if (!this.isOpen || !deadlineAt || now < deadlineAt) return [];
    if (acceptedDecisionAt && acceptedDecisionAt <= deadlineAt) return [];
    this.assertOrder(order);
    const orderEvents = order.markCancelled(DEADLINE_ACTOR, now, {
      cancellationId: this.id,
      initiator: this.initiator,
      reasonId: this.reasonId,
      automatic: true,
    });
    order.detachCancellation();
    this.decide('auto_approved', DEADLINE_ACTOR, now, {});
    return [
      this.event('CancellationAutoApproved', 'awaiting_seller', DEADLINE_ACTOR, now, {
        deadlineAt: deadlineAt.toISOString(),
      }),
      ...orderEvents,
    ];
  }

  /** The order was delivered or refused at the door while the request waited: events overtook it. */
  supersede(order: Order, actor: ActorRef, at: Date): DomainEvent[] {
    if (!this.isOpen) return [];
    this.assertOrder(order);
    this.props.state = 'superseded';
    this.props.updatedAt = at;
    order.detachCancellation();
    return [this.event('CancellationSuperseded', 'awaiting_seller', actor, at, { orderStatus: order.status })];
  }

  private assertDecidable(what: string, order: Order, acceptedAt: Date): void {
    this.assertOrder(order);
    if (!this.isOpen) throw DomainError.invalidTransition(what, this.state);
    const deadlineAt = this.props.deadlineAt;
    if (deadlineAt && acceptedAt > deadlineAt) {
      throw new DomainError(
        'invalid-transition',
        `${what} is no longer possible: its deadline passed at ${deadlineAt.toISOString()}.`,
        {
          currentState: this.state,
          deadlineAt: deadlineAt.toISOString(),
        },
      );
    }
  }

  private assertOrder(order: Order): void {
    if (order.id !== this.orderId)
      throw new Error(`Cancellation request ${this.id} belongs to order ${this.orderId}, not ${order.id}.`);
  }

  private decide(
    state: CancellationState,
    actor: ActorRef,
    at: Date,
    decision: Partial<Pick<CancellationProps, 'decisionReasonId' | 'decisionComment'>>,
  ): void {
    Object.assign(this.props, { state, decidedAt: at, decidedBy: decidedByOf(actor), updatedAt: at, ...decision });
  }
}
