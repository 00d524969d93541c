import { Money } from './money';

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'delivery_refused',
  'returned',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLineView {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface OrderView {
  id: string;
  sellerId: string;
  postingNumber: string;
  status: OrderStatus;
  buyer: { name: string; email?: string };
  lines: OrderLineView[];
  paid: Money;
  refunded: Money;
  cancelledBySeller: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateOrderBody {
  postingNumber: string;
  buyer: { name: string; email?: string };
  lines: OrderLineView[];
  paid: Money;
}

export interface CancelOrderBody {
  reasonId: string;
  comment?: string;
}
