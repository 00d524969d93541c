import { Aggregate } from '../shared/aggregate';
import { ActorRef, CancellationInitiator, Money, OrderStatus } from '@aftersale/contracts';
import { DomainError } from '../shared/domain-error';
import { DomainEvent } from '../shared/domain-event';
import { assertSameCurrency } from '../shared/money';

export interface OrderBuyer {
  name: string;
  email?: string;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface OrderProps {
  id: string;
  sellerId: string;
  postingNumber: string;
  status: OrderStatus;
  buyer: OrderBuyer;
  lines: OrderLine[];
  paid: Money;
  /** minor units, the sum of the order's succeeded refunds */
  refundedAmount: number;
  openCancellationId: string | null;
  cancelledBySeller: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface CreateOrderInput {
  id: string;
  sellerId: string;
  postingNumber: string;
  buyer: OrderBuyer;
  lines: OrderLine[];
  paid: Money;
}

export interface OrderCancelledData {
  cancellationId: string;
  initiator: CancellationInitiator;
  reasonId: string;
  automatic?: boolean;
  bySeller?: boolean;
}

export type OrderEventType =
  | 'OrderCreated'
  | 'OrderProcessing'
  | 'OrderShipped'
  | 'OrderDelivered'
  | 'OrderDeliveryRefused'
  | 'OrderCancelled'
  | 'OrderReturned';

const CANCELLABLE: readonly OrderStatus[] = ['pending', 'processing', 'shipped'];

function invalid(field: string, message: string): DomainError {
  return new DomainError('validation-failed', message, { errors: [{ field, message }] });
}

const isNonNegativeInteger = (n: number) => Number.isInteger(n) && n >= 0;

export class Order extends Aggregate<
  OrderProps,
  OrderEventType,
  OrderStatus,
  'postingNumber' | 'status' | 'buyer' | 'lines' | 'refundedAmount' | 'openCancellationId' | 'cancelledBySeller'
>({ type: 'order', orderId: 'id', state: 'status' }) {
  static create(input: CreateOrderInput, actor: ActorRef, at: Date): { order: Order; events: DomainEvent[] } {
    if (!input.postingNumber?.trim()) throw invalid('postingNumber', 'A posting number is required.');
    if (!input.buyer?.name?.trim()) throw invalid('buyer.name', "The buyer's name is required.");
    if (!input.lines?.length) throw invalid('lines', 'An order needs at least one line.');
    input.lines.forEach((line, i) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1)
        throw invalid(`lines[${i}].quantity`, 'A quantity must be a positive integer.');
      if (!isNonNegativeInteger(line.unitPrice.amount)) {
        throw invalid(`lines[${i}].unitPrice.amount`, 'A unit price must be a non-negative integer in minor units.');
      }
      assertSameCurrency(line.unitPrice, input.paid.currency);
    });
    if (!isNonNegativeInteger(input.paid.amount))
      throw invalid('paid.amount', 'The amount paid must be a non-negative integer in minor units.');
    const total = input.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0);
    // Paying less than the lines add up to is a discount; paying more has no explanation.
    if (input.paid.amount > total)
      throw invalid('paid.amount', `The amount paid (${input.paid.amount}) exceeds the sum of the lines (${total}).`);

    const { id, sellerId, postingNumber, buyer, lines, paid } = input;
    const order = new Order({
      id,
      sellerId,
      postingNumber,
      buyer,
      lines,
      paid,
      status: 'pending',
      refundedAmount: 0,
      openCancellationId: null,
      cancelledBySeller: false,
      createdAt: at,
      updatedAt: at,
      version: 0,
    });
    return {
      order,
      events: [
        order.event('OrderCreated', null, actor, at, {
          postingNumber: input.postingNumber,
          paid: input.paid,
        }),
      ],
    };
  }

  get paid(): Money {
    return { ...this.props.paid };
  }
  get refunded(): Money {
    return { amount: this.props.refundedAmount, currency: this.props.paid.currency };
  }

  process(actor: ActorRef, at: Date): DomainEvent[] {
    return this.move('OrderProcessing', 'Processing the order', ['pending'], 'processing', actor, at);
  }

  ship(actor: ActorRef, at: Date): DomainEvent[] {
    this.assertStatus('Shipping the order', ['processing']);
    if (this.props.openCancellationId) {
      throw new DomainError(
        'order-has-open-cancellation',
        `Order ${this.postingNumber} has a cancellation request waiting for a decision; decide it before shipping.`,
        {
          currentState: this.status,
          cancellationId: this.props.openCancellationId,
        },
      );
    }
    return this.move('OrderShipped', 'Shipping the order', ['processing'], 'shipped', actor, at);
  }

  deliver(actor: ActorRef, at: Date): DomainEvent[] {
    return this.move('OrderDelivered', 'Delivering the order', ['shipped'], 'delivered', actor, at);
  }

  refuseDelivery(actor: ActorRef, at: Date): DomainEvent[] {
    return this.move('OrderDeliveryRefused', 'Refusing the delivery', ['shipped'], 'delivery_refused', actor, at);
  }

  /** Called by a cancellation request's approval, never on its own: the request carries the decision. */
  /** All of it came back and was settled (docs/rules.md#orders); the returns decide when (see allUnitsSettled). */
  markReturned(actor: ActorRef, at: Date, data: { returnIds: string[] }): DomainEvent[] {
    return this.move(
      'OrderReturned',
      'Marking the order returned',
      ['delivered', 'delivery_refused'],
      'returned',
      actor,
      at,
      { ...data },
    );
  }

  markCancelled(actor: ActorRef, at: Date, data: OrderCancelledData): DomainEvent[] {
    const events = this.move('OrderCancelled', 'Cancelling the order', CANCELLABLE, 'cancelled', actor, at, {
      ...data,
    });
    if (data.bySeller) this.props.cancelledBySeller = true;
    return events;
  }

  attachCancellation(cancellationId: string): void {
    if (this.props.openCancellationId && this.props.openCancellationId !== cancellationId) {
      throw new DomainError(
        'cancellation-already-open',
        `Order ${this.postingNumber} already has an open cancellation request.`,
        {
          currentState: this.status,
          cancellationId: this.props.openCancellationId,
        },
      );
    }
    this.props.openCancellationId = cancellationId;
  }

  detachCancellation(): void {
    this.props.openCancellationId = null;
  }

  recordRefundSucceeded(amount: Money): void {
    assertSameCurrency(amount, this.props.paid.currency);
    if (this.props.refundedAmount + amount.amount > this.props.paid.amount) {
      throw new DomainError(
        'refund-exceeds-paid',
        `Refunds of order ${this.postingNumber} would exceed the ${this.props.paid.amount} paid.`,
        {
          remaining: { amount: this.props.paid.amount - this.props.refundedAmount, currency: this.props.paid.currency },
        },
      );
    }
    this.props.refundedAmount += amount.amount;
  }

  private assertStatus(what: string, from: readonly OrderStatus[]): void {
    if (!from.includes(this.status)) throw DomainError.invalidTransition(what, this.status);
  }

  private move(
    type: OrderEventType,
    what: string,
    from: readonly OrderStatus[],
    to: OrderStatus,
    actor: ActorRef,
    at: Date,
    data: Record<string, unknown> = {},
  ): DomainEvent[] {
    this.assertStatus(what, from);
    const previous = this.status;
    this.props.status = to;
    this.props.updatedAt = at;
    return [this.event(type, previous, actor, at, data)];
  }
}
