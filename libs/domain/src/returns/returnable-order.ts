import { Order } from '../orders/order.aggregate';
import { ReturnableOrder } from './return-case.types';

/** What a return case reads of its order, as a plain copy: the return case never holds the order aggregate. */
export function returnableOrder(order: Order): ReturnableOrder {
  return {
    id: order.id,
    sellerId: order.sellerId,
    postingNumber: order.postingNumber,
    status: order.status,
    lines: order.lines,
    paid: order.paid,
  };
}
