export * from './shared/domain-error';
export * from './shared/domain-event';
export * from './shared/actor';
export * from './shared/money';
export * from './orders/order.aggregate';
export * from './cancellations/cancellation-request.aggregate';
export * from './cancellations/order-delivery';
export * from './refunds/refund.aggregate';
