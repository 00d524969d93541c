import { Aggregate } from '../shared/aggregate';
import {
  ActorRef,
  CLOSABLE_RETURN_STATES,
  FINAL_RETURN_STATES,
  INSPECTION_OUTCOMES,
  Money,
  PARCEL_CONDITIONS,
  REFUNDABLE_INSPECTION_OUTCOMES,
  RETURN_SHIPPING_PAYERS,
  ReturnCloseReason,
  ReturnState,
  ReturnType,
} from '@aftersale/contracts';
import { SkuQuantity, shareOfQuantities, shareOfUnits } from '../money/pro-rata';
import { DEADLINE_ACTOR, decidedByOf } from '../shared/actor';
import { compensationOffers } from './compensation-offers';
import {
  ApproveReturnInput,
  ArbitrateReturnInput,
  CompensationAcceptance,
  CompensationOffer,
  InspectReturnInput,
  InspectionLine,
  OpenRefusedDeliveryInput,
  OpenReturnInput,
  ReceiveReturnInput,
  RejectReturnInput,
  ReturnCaseProps,
  ReturnDeadlineKind,
  ReturnDefaults,
  ReturnEventType,
  ReturnInstructions,
  ReturnLine,
  ReturnRefundDecision,
  ReturnableOrder,
} from './return-case.types';
import { DomainError } from '../shared/domain-error';
import { uploadIds } from '../shared/upload-ids';
import { DomainEvent } from '../shared/domain-event';
import { assertSameCurrency } from '../shared/money';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const DISPUTE_WINDOW_DAYS = 5;

const WITHDRAWABLE: readonly ReturnState[] = ['requested', 'approved', 'compensation_offered'];

function invalid(field: string, message: string): DomainError {
  return new DomainError('validation-failed', message, { errors: [{ field, message }] });
}

function text(value: string | null | undefined): string | null {
  return value?.trim() ? value.trim() : null;
}

function assertMinorUnits(amount: Money, field: string, currency: string, allowZero = false): void {
  assertSameCurrency(amount, currency);
  if (!Number.isInteger(amount.amount) || amount.amount < (allowZero ? 0 : 1)) {
    throw invalid(field, `An amount must be a ${allowZero ? 'non-negative' : 'positive'} integer in minor units.`);
  }
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
const later = (at: Date, ms: number) => new Date(at.getTime() + Math.round(ms));

export class ReturnCase extends Aggregate<
  ReturnCaseProps,
  ReturnEventType,
  ReturnState,
  'orderId' | 'postingNumber' | 'type' | 'state' | 'trackingNumber' | 'lines' | 'compensationOffers'
>({ type: 'return', orderId: 'orderId', state: 'state' }) {
  /** A buyer's return or defect claim on a delivered order; it waits for the seller's decision. */
  static open(input: OpenReturnInput, actor: ActorRef, at: Date): { returnCase: ReturnCase; events: DomainEvent[] } {
    const { order, reason } = input;
    const comment = text(input.comment);
    const attachmentIds = uploadIds(input.attachmentIds);
    if (order.status !== 'delivered') throw DomainError.invalidTransition('Opening a return', order.status);
    if (input.type === 'defect_claim' && attachmentIds.length === 0) {
      throw new DomainError('evidence-required', 'A defect claim needs at least one photo or video.', {
        errors: [{ field: 'attachmentIds', message: 'At least one photo or video is required.' }],
      });
    }
    if (!text(input.reasonId)) throw invalid('reasonId', 'A reason is required.');
    if (reason.isCommentRequired && !comment) throw invalid('comment', 'This reason requires a comment.');
    if (!Number.isFinite(input.decisionDeadlineHours) || input.decisionDeadlineHours <= 0) {
      throw invalid('decisionDeadlineHours', 'The decision deadline must be a positive number of hours.');
    }
    const lines = ReturnCase.priceLines(order, input.lines, input.alreadyReturned ?? []);
    const decisionDeadlineAt = later(at, input.decisionDeadlineHours * HOUR_MS);
    const returnCase = ReturnCase.newCase(input.id, order, input.type, 'requested', lines, at, {
      reasonId: input.reasonId,
      reasonIsDefect: reason.isDefect,
      comment,
      attachmentIds,
      decisionDeadlineHours: input.decisionDeadlineHours,
      decisionDeadlineAt,
    });
    const data = {
      type: input.type,
      lines: ReturnCase.lineData(lines),
      reasonId: input.reasonId,
      comment,
      attachmentIds,
      decisionDeadlineAt: iso(decisionDeadlineAt),
    };
    return { returnCase, events: [returnCase.event('ReturnRequested', null, actor, at, data)] };
  }

  /** Opened by the order's refuse-delivery, in the same transaction: all lines, already on the way back. */
  static openRefusedDelivery(
    input: OpenRefusedDeliveryInput,
    actor: ActorRef,
    at: Date,
  ): { returnCase: ReturnCase; events: DomainEvent[] } {
    const { order } = input;
    // Either side of the order's own transition: the application may open the case before or after it.
    if (order.status !== 'shipped' && order.status !== 'delivery_refused')
      throw DomainError.invalidTransition('Refusing the delivery', order.status);
    const lines = ReturnCase.priceLines(order, order.lines, []);
    const trackingNumber = text(input.trackingNumber);
    const returnCase = ReturnCase.newCase(input.id, order, 'refused_delivery', 'in_transit', lines, at, {
      trackingNumber,
      shippedAt: at,
    });
    const data = { type: 'refused_delivery', lines: ReturnCase.lineData(lines), trackingNumber };
    return { returnCase, events: [returnCase.event('ReturnRequested', null, actor, at, data)] };
  }

  private static priceLines(
    order: ReturnableOrder,
    requested: readonly SkuQuantity[],
    alreadyReturned: readonly SkuQuantity[],
  ): ReturnLine[] {
    if (!requested?.length) throw invalid('lines', 'A return needs at least one line.');
    const seen = new Set<string>();
    return requested.map((line, i) => {
      const ordered = order.lines.filter((l) => l.sku === line.sku).reduce((sum, l) => sum + l.quantity, 0);
      if (ordered === 0) throw invalid(`lines[${i}].sku`, `SKU ${line.sku} is not on order ${order.postingNumber}.`);
      if (seen.has(line.sku)) throw invalid(`lines[${i}].sku`, `SKU ${line.sku} is listed twice.`);
      seen.add(line.sku);
      if (!Number.isInteger(line.quantity) || line.quantity < 1)
        throw invalid(`lines[${i}].quantity`, 'A quantity must be a positive integer.');
      const returned = alreadyReturned.filter((r) => r.sku === line.sku).reduce((sum, r) => sum + r.quantity, 0);
      if (line.quantity > ordered - returned) {
        throw invalid(
          `lines[${i}].quantity`,
          `Only ${Math.max(0, ordered - returned)} of ${ordered} units of ${line.sku} can still be returned.`,
        );
      }
      return { sku: line.sku, quantity: line.quantity, amount: shareOfQuantities(order, [line], alreadyReturned) };
    });
  }

  private static newCase(
    id: string,
    order: ReturnableOrder,
    type: ReturnType,
    state: ReturnState,
    lines: ReturnLine[],
    at: Date,
    rest: Partial<ReturnCaseProps>,
  ): ReturnCase {
    return new ReturnCase({
      id,
      orderId: order.id,
      sellerId: order.sellerId,
      postingNumber: order.postingNumber,
      type,
      state,
      currency: order.paid.currency,
      lines,
      reasonId: null,
      reasonIsDefect: false,
      comment: null,
      attachmentIds: [],
      decisionDeadlineHours: null,
      decisionDeadlineAt: null,
      decidedAt: null,
      decidedBy: null,
      returnAddress: null,
      returnShippingPaidBy: null,
      returnShippingFee: null,
      shipBy: null,
      trackingNumber: null,
      shippedAt: null,
      receivedAt: null,
      parcelId: null,
      parcelCondition: null,
      inspection: [],
      inspectionAttachmentIds: [],
      inspectedAt: null,
      inspectionOverruled: false,
      rejectionReasonId: null,
      rejectionComment: null,
      rejectedAt: null,
      disputedAt: null,
      disputeComment: null,
      arbitrationFrom: null,
      arbitrationDecision: null,
      arbitrationComment: null,
      compensationOffers: [],
      refundedAmount: 0,
      refundedAt: null,
      closeReason: null,
      closeComment: null,
      closedAt: null,
      createdAt: at,
      updatedAt: at,
      version: 0,
      ...rest,
    });
  }

  private static lineData(lines: readonly ReturnLine[]) {
    return lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amount: l.amount }));
  }

  get isFinal(): boolean {
    return FINAL_RETURN_STATES.includes(this.props.state);
  }
  /** whether the case's units still count against what can be returned from the order */
  /**
   * Whether the case's units still count against the order at `at`: a closed case gives them back, and so
   * does a rejection once it can no longer be disputed — while it can, arbitration may reopen it.
   */
  holdsUnitsAt(at: Date): boolean {
    if (this.props.state === 'closed') return false;
    if (this.props.state === 'rejected' || this.props.state === 'return_rejected') {
      return this.props.rejectedAt !== null && at <= this.disputeDeadline();
    }
    return true;
  }

  /** the share of all the case's lines: the most a refund of the case may be */
  get linesAmount(): Money {
    return this.money(this.props.lines.reduce((sum, l) => sum + l.amount.amount, 0));
  }

  /**
   * What `refund {}` pays: after inspection the share of the intact, opened-unused and damaged-in-transit units
   * minus the return shipping the buyer agreed to pay, never below zero; before shipping, all of the lines.
   */
  get suggestedRefund(): Money | null {
    const p = this.props;
    if (p.state === 'requested' || p.state === 'approved') return this.linesAmount;
    if (!p.inspectedAt) return null;
    const goods = p.inspectionOverruled
      ? this.linesAmount.amount
      : p.lines.reduce((sum, line) => {
          const refundable = p.inspection
            .filter((i) => i.sku === line.sku && REFUNDABLE_INSPECTION_OUTCOMES.includes(i.outcome))
            .reduce((a, i) => a + i.quantity, 0);
          // The refundable units are counted first, so they carry the line's spare kopecks.
          return sum + shareOfUnits(line.amount.amount, line.quantity, refundable);
        }, 0);
    const shipping = p.returnShippingPaidBy === 'buyer' ? (p.returnShippingFee?.amount ?? 0) : 0;
    return this.money(Math.max(0, goods - shipping));
  }

  get refunded(): Money {
    return this.money(this.props.refundedAmount);
  }

  /** The timer the case waits on, if any, for the application to schedule. */
  get nextDeadline(): { kind: ReturnDeadlineKind; at: Date } | null {
    const p = this.props;
    if (p.state === 'requested' && p.decisionDeadlineAt) return { kind: 'decision', at: p.decisionDeadlineAt };
    if (p.state === 'compensation_offered') {
      const expiresAt = this.openOffer().expiresAt; // none for an offer answered on the marketplace
      return expiresAt ? { kind: 'compensation', at: expiresAt } : null;
    }
    if (p.state === 'approved' && p.shipBy) return { kind: 'ship-by', at: p.shipBy };
    return null;
  }

  /** Until when a rejection standing now can be disputed (docs/rules.md); null in any other state. */
  get disputeDeadlineAt(): Date | null {
    const p = this.props;
    const rejectedNow = p.state === 'rejected' || p.state === 'return_rejected';
    return rejectedNow && p.rejectedAt ? this.disputeDeadline() : null;
  }

  /** `acceptedAt` is when the API accepted the decision: that moment, not when it is applied, meets the deadline. */
  approve(input: ApproveReturnInput, actor: ActorRef, acceptedAt: Date): DomainEvent[] {
    this.assertDecidable('Approving the return', acceptedAt);
    const instructions = this.instructions(input, input.defaults, acceptedAt, true);
    this.decided(actor, acceptedAt);
    return [this.move('ReturnApproved', 'approved', actor, acceptedAt, this.applyInstructions(instructions))];
  }

  reject(input: RejectReturnInput, actor: ActorRef, acceptedAt: Date): DomainEvent[] {
    this.assertDecidable('Rejecting the return', acceptedAt);
    const rejection = this.rejection(input, acceptedAt);
    this.decided(actor, acceptedAt);
    return [this.move('ReturnRejected', 'rejected', actor, acceptedAt, rejection)];
  }

  /**
   * `answeredOnMarketplace`: the case came from a marketplace whose buyer answers the offer there (Ozon); the offer
   * then has no 72 h expiry of ours, and the marketplace's answer, whenever it comes, decides (docs/rules.md).
   */
  offerCompensation(
    input: { offerId: string; amount: Money; answeredOnMarketplace?: boolean },
    actor: ActorRef,
    acceptedAt: Date,
  ): DomainEvent[] {
    const what = 'Offering a compensation';
    this.assertState(what, ['requested']);
    const offers = this.props.compensationOffers;
    const expires = !input.answeredOnMarketplace;
    const offer = compensationOffers.make(offers, this.state, input.offerId, input.amount, acceptedAt, expires);
    this.assertDecidable(what, acceptedAt);
    assertMinorUnits(input.amount, 'amount', this.props.currency);
    const settles = this.linesAmount;
    if (input.amount.amount >= settles.amount) {
      throw new DomainError(
        'compensation-too-high',
        `A compensation must be below ${settles.amount}, the share of the lines it settles.`,
        { linesAmount: settles },
      );
    }
    offers.push(offer);
    this.decided(actor, acceptedAt);
    return [
      this.move('CompensationOffered', 'compensation_offered', actor, acceptedAt, {
        offerId: offer.id,
        amount: offer.amount,
        expiresAt: iso(offer.expiresAt),
      }),
    ];
  }

  acceptCompensation(actor: ActorRef, acceptedAt: Date): CompensationAcceptance {
    const offer = this.answerableOffer('Accepting the compensation', acceptedAt);
    compensationOffers.answer(offer, 'accepted', acceptedAt);
    this.props.refundedAmount = offer.amount.amount;
    this.props.refundedAt = acceptedAt;
    const events = [
      this.move('CompensationAccepted', 'compensated', actor, acceptedAt, { offerId: offer.id, amount: offer.amount }),
    ];
    return { events, offer: { id: offer.id, amount: { ...offer.amount } } };
  }

  declineCompensation(actor: ActorRef, acceptedAt: Date): DomainEvent[] {
    const offer = this.answerableOffer('Declining the compensation', acceptedAt);
    compensationOffers.answer(offer, 'declined', acceptedAt);
    this.restartDecisionWindow(acceptedAt);
    return [
      this.move('CompensationDeclined', 'requested', actor, acceptedAt, {
        offerId: offer.id,
        decisionDeadlineAt: iso(this.props.decisionDeadlineAt),
      }),
    ];
  }

  /** Fired by the offer's timer: 72 h without an answer hands the case back to the seller. A no-op when not due. */
  expireCompensation(now: Date, acceptedAnswerAt: Date | null = null): DomainEvent[] {
    if (this.state !== 'compensation_offered') return [];
    const offer = this.openOffer();
    if (!offer.expiresAt) return []; // answered on the marketplace: its state decides, not our timer
    if (now < offer.expiresAt || (acceptedAnswerAt && acceptedAnswerAt <= offer.expiresAt)) return [];
    compensationOffers.answer(offer, 'expired', now);
    this.restartDecisionWindow(now);
    return [
      this.move('CompensationExpired', 'requested', DEADLINE_ACTOR, now, {
        offerId: offer.id,
        decisionDeadlineAt: iso(this.props.decisionDeadlineAt),
      }),
    ];
  }

  ship(trackingNumber: string, actor: ActorRef, acceptedAt: Date): DomainEvent[] {
    this.assertState('Shipping the return', ['approved']);
    const tracking = text(trackingNumber);
    if (!tracking) throw invalid('trackingNumber', 'A tracking number is required.');
    const shipBy = this.props.shipBy;
    if (shipBy && acceptedAt > shipBy) {
      throw new DomainError(
        'invalid-transition',
        `Shipping the return is no longer possible: it was due by ${shipBy.toISOString()}.`,
        { currentState: this.state, shipBy: iso(shipBy) },
      );
    }
    Object.assign(this.props, { trackingNumber: tracking, shippedAt: acceptedAt });
    return [this.move('ReturnShipped', 'in_transit', actor, acceptedAt, { trackingNumber: tracking })];
  }

  /** A scanned parcel matched the case; one that arrives before the buyer registered its tracking number counts too. */
  receive(input: ReceiveReturnInput, actor: ActorRef, at: Date): DomainEvent[] {
    this.assertState('Receiving the return', ['approved', 'in_transit']);
    const condition = input.condition ?? 'intact';
    if (!PARCEL_CONDITIONS.includes(condition)) throw invalid('condition', `Unknown parcel condition ${condition}.`);
    const note = text(input.note);
    Object.assign(this.props, { receivedAt: at, parcelId: input.parcelId ?? null, parcelCondition: condition });
    return [this.move('ReturnReceived', 'received', actor, at, { parcelId: input.parcelId ?? null, condition, note })];
  }

  inspect(input: InspectReturnInput, actor: ActorRef, at: Date): DomainEvent[] {
    this.assertState('Inspecting the return', ['received']);
    if (!input.lines?.length) throw invalid('lines', 'An inspection records an outcome for every returned line.');
    const inspection = input.lines.map((line, i): InspectionLine => {
      if (!this.props.lines.some((l) => l.sku === line.sku))
        throw invalid(`lines[${i}].sku`, `SKU ${line.sku} is not part of this return.`);
      if (!Number.isInteger(line.quantity) || line.quantity < 1)
        throw invalid(`lines[${i}].quantity`, 'A quantity must be a positive integer.');
      if (!INSPECTION_OUTCOMES.includes(line.outcome))
        throw invalid(`lines[${i}].outcome`, `Unknown inspection outcome ${line.outcome}.`);
      return {
        sku: line.sku,
        quantity: line.quantity,
        outcome: line.outcome,
        note: text(line.note),
        attachmentIds: uploadIds(line.attachmentIds),
      };
    });
    for (const line of this.props.lines) {
      const inspected = inspection.filter((i) => i.sku === line.sku).reduce((sum, i) => sum + i.quantity, 0);
      if (inspected !== line.quantity)
        throw invalid(
          'lines',
          `The inspected quantities of ${line.sku} add up to ${inspected}; ${line.quantity} came back.`,
        );
    }
    // every photo of the inspection, the lines' with the case's (docs/rules.md "The return case's state machine")
    const attachmentIds = uploadIds(input.attachmentIds, ...input.lines.map((l) => l.attachmentIds));
    Object.assign(this.props, { inspection, inspectionAttachmentIds: attachmentIds, inspectedAt: at });
    return [
      this.move('ReturnInspected', 'inspected', actor, at, {
        inspection,
        attachmentIds,
        suggestedRefund: this.suggestedRefund,
      }),
    ];
  }

  rejectAfterInspection(input: RejectReturnInput, actor: ActorRef, at: Date): DomainEvent[] {
    this.assertState('Rejecting the return after inspection', ['inspected']);
    if (this.props.inspectionOverruled) {
      throw new DomainError(
        'invalid-transition',
        'Arbitration overruled this inspection; the return can no longer be rejected.',
        { currentState: this.state },
      );
    }
    return [this.move('ReturnRejectedAfterInspection', 'return_rejected', actor, at, this.rejection(input, at))];
  }

  /** After inspection: the suggested refund when `amount` is omitted; up to the share of all returned lines. */
  refund(amount: Money | undefined, actor: ActorRef, at: Date): ReturnRefundDecision {
    this.assertState('Refunding the return', ['inspected']);
    return this.settle(this.refundAmount(amount, this.suggestedRefund?.amount ?? 0), actor, at, false);
  }

  /** The goods stay with the buyer; all of the returned lines when `amount` is omitted. */
  refundWithoutReturn(amount: Money | undefined, actor: ActorRef, acceptedAt: Date): ReturnRefundDecision {
    const what = 'Refunding without return';
    this.assertState(what, ['requested', 'approved']);
    if (this.state === 'requested') this.assertDecidable(what, acceptedAt);
    const refund = this.refundAmount(amount, this.linesAmount.amount);
    if (this.state === 'requested') this.decided(actor, acceptedAt);
    return this.settle(refund, actor, acceptedAt, true);
  }

  /** The buyer disputes a rejection, within 5 days of it. */
  dispute(comment: string, actor: ActorRef, acceptedAt: Date): DomainEvent[] {
    const from = this.state;
    if (from !== 'rejected' && from !== 'return_rejected')
      throw DomainError.invalidTransition('Disputing the return', from);
    const disputeComment = text(comment);
    if (!disputeComment) throw invalid('comment', 'A dispute needs a comment.');
    const deadline = this.disputeDeadline();
    if (acceptedAt > deadline) {
      throw new DomainError(
        'invalid-transition',
        `The rejection can only be disputed until ${deadline.toISOString()}.`,
        { currentState: from, disputeDeadlineAt: iso(deadline) },
      );
    }
    Object.assign(this.props, {
      disputedAt: acceptedAt,
      disputeComment,
      arbitrationFrom: from,
      arbitrationDecision: null,
      arbitrationComment: null,
    });
    return [
      this.move('ReturnDisputed', 'arbitration', actor, acceptedAt, { comment: disputeComment, rejectedState: from }),
    ];
  }

  /**
   * Ops decide the dispute. Upheld, the case continues where the rejection stopped it: a rejected request is
   * approved with the default return instructions, a rejected inspection is inspected again with a refund allowed.
   */
  arbitrate(input: ArbitrateReturnInput, actor: ActorRef, at: Date): DomainEvent[] {
    this.assertState('Deciding the arbitration', ['arbitration']);
    const comment = text(input.comment);
    if (!comment) throw invalid('comment', 'An arbitration decision needs a comment.');
    if (input.decision !== 'approved' && input.decision !== 'rejected')
      throw invalid('decision', 'The decision is approved or rejected.');
    const instructions =
      this.props.arbitrationFrom === 'rejected' && input.decision === 'approved'
        ? this.instructions({}, input.defaults, at, false)
        : null;
    Object.assign(this.props, { arbitrationDecision: input.decision, arbitrationComment: comment });
    const data = { decision: input.decision, comment, rejectedState: this.props.arbitrationFrom };
    if (input.decision === 'rejected') {
      this.closed('arbitration_rejected', comment, at);
      return [this.move('ArbitrationDecided', 'closed', actor, at, data)];
    }
    if (instructions)
      return [
        this.move('ArbitrationDecided', 'approved', actor, at, { ...data, ...this.applyInstructions(instructions) }),
      ];
    this.props.inspectionOverruled = true;
    return [
      this.move('ArbitrationDecided', 'inspected', actor, at, { ...data, suggestedRefund: this.suggestedRefund }),
    ];
  }

  withdraw(actor: ActorRef, acceptedAt: Date): DomainEvent[] {
    this.assertState('Withdrawing the return', WITHDRAWABLE);
    this.cancelOpenOffer(acceptedAt);
    this.closed('withdrawn', null, acceptedAt);
    return [this.move('ReturnWithdrawn', 'closed', actor, acceptedAt, {})];
  }

  /**
   * By a seller admin or ops (the application checks the role), from any open state. A rejection is closable once
   * its dispute window has passed: closing it sooner would take the buyer's dispute away.
   */
  close(comment: string, actor: ActorRef, at: Date): DomainEvent[] {
    if (this.state === 'rejected' || this.state === 'return_rejected') {
      const deadline = this.disputeDeadline();
      if (at <= deadline)
        throw new DomainError(
          'invalid-transition',
          `The rejection can be disputed until ${deadline.toISOString()}; the case can be closed after that.`,
          { currentState: this.state, disputeDeadlineAt: iso(deadline) },
        );
    } else this.assertState('Closing the return', CLOSABLE_RETURN_STATES);
    const closeComment = text(comment);
    if (!closeComment) throw invalid('comment', 'Closing a case needs a comment.');
    this.cancelOpenOffer(at);
    this.closed('closed', closeComment, at);
    return [this.move('ReturnClosed', 'closed', actor, at, { comment: closeComment })];
  }

  /** Fired by the ship-by timer: an approved return not shipped in time closes. A no-op otherwise. */
  expire(now: Date, acceptedShipAt: Date | null = null): DomainEvent[] {
    const shipBy = this.props.shipBy;
    if (this.state !== 'approved' || !shipBy || now <= shipBy || (acceptedShipAt && acceptedShipAt <= shipBy))
      return [];
    this.closed('expired', null, now);
    return [this.move('ReturnExpired', 'closed', DEADLINE_ACTOR, now, { shipBy: iso(shipBy) })];
  }

  /**
   * Fired by the decision timer: a request the seller did not decide in time is approved with the default
   * instructions (buyer protection). A no-op when not due, or when a decision accepted in time waits to be applied.
   */
  expireDecisionDeadline(now: Date, defaults: ReturnDefaults, acceptedDecisionAt: Date | null = null): DomainEvent[] {
    const deadlineAt = this.props.decisionDeadlineAt;
    if (
      this.state !== 'requested' ||
      !deadlineAt ||
      now < deadlineAt ||
      (acceptedDecisionAt && acceptedDecisionAt <= deadlineAt)
    )
      return [];
    const instructions = this.instructions({}, defaults, now, false);
    this.decided(DEADLINE_ACTOR, now);
    return [
      this.move('ReturnAutoApproved', 'approved', DEADLINE_ACTOR, now, {
        ...this.applyInstructions(instructions),
        decisionDeadlineAt: iso(deadlineAt),
      }),
    ];
  }

  private refundAmount(amount: Money | undefined, fallback: number): Money {
    const max = this.linesAmount;
    if (amount) {
      assertMinorUnits(amount, 'amount', this.props.currency);
      if (amount.amount > max.amount) {
        throw new DomainError(
          'refund-exceeds-paid',
          `A refund of this return can be at most ${max.amount}, the share of its lines.`,
          { linesAmount: max },
        );
      }
    } else if (fallback <= 0) {
      throw invalid('amount', 'The suggested refund is zero: name an amount, or reject the return after inspection.');
    }
    return this.money(amount?.amount ?? fallback);
  }

  private settle(refund: Money, actor: ActorRef, at: Date, withoutReturn: boolean): ReturnRefundDecision {
    const max = this.linesAmount;
    Object.assign(this.props, { refundedAmount: refund.amount, refundedAt: at });
    const to: ReturnState = refund.amount < max.amount ? 'partially_refunded' : 'refunded';
    return {
      events: [
        this.move('ReturnRefunded', to, actor, at, {
          amount: refund,
          linesAmount: max,
          withoutReturn,
          cause: `return:${this.id}`,
        }),
      ],
      amount: refund,
    };
  }

  private instructions(
    input: Omit<ApproveReturnInput, 'defaults'>,
    defaults: ReturnDefaults,
    at: Date,
    addressRequired: boolean,
  ): ReturnInstructions {
    const returnAddress = text(input.returnAddress) ?? text(defaults.returnAddress);
    if (addressRequired && !returnAddress)
      throw invalid('returnAddress', 'A return address is required: give one or set a default in the settings.');
    // The buyer pays the way back unless the goods are faulty.
    const sellerPays = this.props.reasonIsDefect || this.props.type === 'defect_claim';
    const returnShippingPaidBy = input.returnShippingPaidBy ?? (sellerPays ? 'seller' : 'buyer');
    if (!RETURN_SHIPPING_PAYERS.includes(returnShippingPaidBy))
      throw invalid('returnShippingPaidBy', 'The return shipping is paid by the buyer or the seller.');
    // The seller's default fee is in the settings currency: it stands in only for orders in that currency; an
    // order in another one gets zero in its own currency (docs/rules.md "Return timers"). A fee the decision names
    // must be in the order's currency.
    const defaultFee =
      defaults.returnShippingFee?.currency === this.props.currency ? defaults.returnShippingFee : this.money(0);
    const returnShippingFee = { ...(input.returnShippingFee ?? defaultFee) };
    assertMinorUnits(returnShippingFee, 'returnShippingFee', this.props.currency, true);
    const shipBy = input.shipBy ?? later(at, defaults.shipByDays * DAY_MS);
    if (!(shipBy.getTime() > at.getTime())) throw invalid('shipBy', 'The ship-by date must be in the future.');
    return { returnAddress, returnShippingPaidBy, returnShippingFee, shipBy };
  }

  private applyInstructions(instructions: ReturnInstructions) {
    Object.assign(this.props, instructions);
    return { ...instructions, shipBy: iso(instructions.shipBy) };
  }

  private rejection(input: RejectReturnInput, at: Date) {
    const comment = text(input.comment);
    if (!text(input.reasonId)) throw invalid('reasonId', 'A rejection needs a reason.');
    if (input.reason.isCommentRequired && !comment)
      throw invalid('comment', 'This rejection reason requires a comment.');
    Object.assign(this.props, { rejectionReasonId: input.reasonId, rejectionComment: comment, rejectedAt: at });
    return { reasonId: input.reasonId, comment, disputeDeadlineAt: iso(this.disputeDeadline()) };
  }

  private disputeDeadline(): Date {
    return later(this.props.rejectedAt ?? this.props.updatedAt, DISPUTE_WINDOW_DAYS * DAY_MS);
  }

  private assertState(what: string, states: readonly ReturnState[]): void {
    if (!states.includes(this.state)) throw DomainError.invalidTransition(what, this.state);
  }

  private assertDecidable(what: string, acceptedAt: Date): void {
    this.assertState(what, ['requested']);
    const deadlineAt = this.props.decisionDeadlineAt;
    if (deadlineAt && acceptedAt > deadlineAt) {
      throw new DomainError(
        'invalid-transition',
        `${what} is no longer possible: the decision deadline passed at ${deadlineAt.toISOString()}.`,
        {
          currentState: this.state,
          deadlineAt: iso(deadlineAt),
        },
      );
    }
  }

  private decided(actor: ActorRef, at: Date): void {
    Object.assign(this.props, { decidedAt: at, decidedBy: decidedByOf(actor) });
  }

  private openOffer(): CompensationOffer {
    return compensationOffers.open(this.props.compensationOffers, this.id, this.state);
  }

  private answerableOffer(what: string, acceptedAt: Date): CompensationOffer {
    this.assertState(what, ['compensation_offered']);
    const offer = this.openOffer();
    compensationOffers.assertAnswerable(offer, what, this.state, acceptedAt);
    return offer;
  }

  private cancelOpenOffer(at: Date): void {
    if (this.state === 'compensation_offered') compensationOffers.answer(this.openOffer(), 'cancelled', at);
  }

  private restartDecisionWindow(at: Date): void {
    const hours = this.props.decisionDeadlineHours;
    this.props.decisionDeadlineAt = hours ? later(at, hours * HOUR_MS) : null;
  }

  private closed(closeReason: ReturnCloseReason, closeComment: string | null, at: Date): void {
    Object.assign(this.props, { closeReason, closeComment, closedAt: at });
  }

  private money(amount: number): Money {
    return { amount, currency: this.props.currency };
  }

  private move(
    type: ReturnEventType,
    to: ReturnState,
    actor: ActorRef,
    at: Date,
    data: Record<string, unknown>,
  ): DomainEvent {
    const from = this.state;
    this.props.state = to;
    this.props.updatedAt = at;
    return this.event(type, from, actor, at, data);
  }
}
