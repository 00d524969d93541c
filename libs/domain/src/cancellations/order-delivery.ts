import { ActorRef } from '@aftersale/contracts';
import { DomainEvent } from '../shared/domain-event';
import { Order } from '../orders/order.aggregate';
import { CancellationRequest } from './cancellation-request.aggregate';

/**
 * The end of a shipped order's journey overtakes a carrier's cancellation request still waiting for the seller:
 * the order moves first (its own rules may refuse), then the request ends `superseded`. Pass the order's open
 * request when it has one (`order.openCancellationId`), null otherwise.
 */
export function deliverOrder(
  order: Order,
  openRequest: CancellationRequest | null,
  actor: ActorRef,
  at: Date,
): DomainEvent[] {
  return overtake(order, openRequest, actor, at, () => order.deliver(actor, at));
}

export function refuseOrderDelivery(
  order: Order,
  openRequest: CancellationRequest | null,
  actor: ActorRef,
  at: Date,
): DomainEvent[] {
  return overtake(order, openRequest, actor, at, () => order.refuseDelivery(actor, at));
}

function overtake(
  order: Order,
  openRequest: CancellationRequest | null,
  actor: ActorRef,
  at: Date,
  move: () => DomainEvent[],
): DomainEvent[] {
  const openId = order.openCancellationId;
  if (openId && openRequest?.id !== openId)
    throw new Error(`Order ${order.id} has open cancellation request ${openId}; load it and pass it in.`);
  const events = move();
  return openRequest && openId ? [...events, ...openRequest.supersede(order, actor, at)] : events;
}
