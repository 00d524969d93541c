import { EntityManager } from 'typeorm';
import { Order, OrderProps } from '@aftersale/domain';
import { OrderOrmEntity } from '../entities';
import { writeVersioned } from './versioned-write';
import { prepared } from './prepared';
import { lockedInBatch, write } from './deferred-writes';

/**
 * A new order's lines, one statement whatever their number (the rows from arrays, in line order): queued with the
 * order's insert in a transaction that defers its writes (docs/benchmarks.md, 22). The lines' statement trigger
 * (`order_search_on_lines`, migration 1767350000000) joins the order, which the same statement inserts: it runs at
 * the statement's end and sees it.
 */
const INSERT_LINES = `INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price_amount)
  SELECT $1::uuid, line_no, sku, name, quantity, unit_price_amount
  FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::bigint[]) AS l(line_no, sku, name, quantity, unit_price_amount)`;

/**
 * The order's columns with its lines as one JSON array (line order), prefixed `o_`: one statement reads an
 * aggregate that TypeORM read in two (the row, then its lines) and hydrated twice (docs/benchmarks.md, 6).
 * `o` is the orders table's alias in the caller's FROM.
 */
export const ORDER_WITH_LINES_COLUMNS = `o.id AS o_id, o.seller_id AS o_seller_id, o.posting_number AS o_posting_number,
  o.status AS o_status, o.buyer_name AS o_buyer_name, o.buyer_email AS o_buyer_email, o.paid_amount AS o_paid_amount,
  o.currency AS o_currency, o.refunded_amount AS o_refunded_amount, o.open_cancellation_id AS o_open_cancellation_id,
  o.cancelled_by_seller AS o_cancelled_by_seller, o.created_at AS o_created_at, o.updated_at AS o_updated_at,
  o.version AS o_version,
  (SELECT coalesce(json_agg(json_build_object('sku', l.sku, 'name', l.name, 'quantity', l.quantity,
            'unitPrice', l.unit_price_amount) ORDER BY l.line_no), '[]'::json)
     FROM order_lines l WHERE l.order_id = o.id) AS o_lines`;

export interface OrderWithLinesRow {
  o_id: string;
  o_seller_id: string;
  o_posting_number: string;
  o_status: OrderProps['status'];
  o_buyer_name: string;
  o_buyer_email: string | null;
  o_paid_amount: string;
  o_currency: string;
  o_refunded_amount: string;
  o_open_cancellation_id: string | null;
  o_cancelled_by_seller: boolean;
  o_created_at: Date;
  o_updated_at: Date;
  o_version: number;
  o_lines: { sku: string; name: string; quantity: number; unitPrice: number | string }[];
}

/** A row read with ORDER_WITH_LINES_COLUMNS as the aggregate, with no entity in between. */
export function orderFromRow(row: OrderWithLinesRow): Order {
  return Order.fromSnapshot({
    id: row.o_id,
    sellerId: row.o_seller_id,
    postingNumber: row.o_posting_number,
    status: row.o_status,
    buyer: { name: row.o_buyer_name, ...(row.o_buyer_email ? { email: row.o_buyer_email } : {}) },
    lines: row.o_lines.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: { amount: Number(line.unitPrice), currency: row.o_currency },
    })),
    paid: { amount: Number(row.o_paid_amount), currency: row.o_currency },
    refundedAmount: Number(row.o_refunded_amount),
    openCancellationId: row.o_open_cancellation_id,
    cancelledBySeller: row.o_cancelled_by_seller,
    createdAt: row.o_created_at,
    updatedAt: row.o_updated_at,
    version: row.o_version,
  });
}

/** An entity read through TypeORM (with its lines) as the aggregate. */
export function orderToDomain(row: OrderOrmEntity): Order {
  return Order.fromSnapshot({
    id: row.id,
    sellerId: row.sellerId,
    postingNumber: row.postingNumber,
    status: row.status,
    buyer: { name: row.buyerName, ...(row.buyerEmail ? { email: row.buyerEmail } : {}) },
    lines: [...row.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((line) => ({
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: { amount: line.unitPriceAmount, currency: row.currency },
      })),
    paid: { amount: row.paidAmount, currency: row.currency },
    refundedAmount: row.refundedAmount,
    openCancellationId: row.openCancellationId,
    cancelledBySeller: row.cancelledBySeller,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  });
}

function toRow(p: OrderProps): Omit<OrderOrmEntity, 'lines'> {
  return {
    id: p.id,
    sellerId: p.sellerId,
    postingNumber: p.postingNumber,
    status: p.status,
    buyerName: p.buyer.name,
    buyerEmail: p.buyer.email ?? null,
    paidAmount: p.paid.amount,
    currency: p.paid.currency,
    refundedAmount: p.refundedAmount,
    openCancellationId: p.openCancellationId,
    cancelledBySeller: p.cancelledBySeller,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    version: p.version,
  };
}

export class OrderRepository {
  constructor(private readonly manager: EntityManager) {}

  /** `lock` takes the row for the transaction: refunds of one order are checked against `paid` under it. */
  async find(id: string, sellerId?: string | null, lock = false): Promise<Order | null> {
    const [row] = await this.manager.query(
      prepared(`SELECT ${ORDER_WITH_LINES_COLUMNS} FROM orders o
       WHERE o.id = $1 AND ($2::uuid IS NULL OR o.seller_id = $2)${lock ? ' FOR UPDATE OF o' : ''}`),
      [id, sellerId ?? null],
    );
    if (row && lock) lockedInBatch(id);
    return row ? orderFromRow(row) : null;
  }

  async save(order: Order): Promise<OrderOrmEntity> {
    const p = order.toSnapshot();
    const row = toRow(p);
    await writeVersioned(this.manager, OrderOrmEntity, 'Order', row);
    const lines = p.lines.map((line, index) => ({
      orderId: p.id,
      lineNo: index + 1,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPriceAmount: line.unitPrice.amount,
    }));
    if (p.version === 0 && lines.length > 0)
      await write(this.manager, {
        table: 'order_lines',
        text: INSERT_LINES,
        values: [
          p.id,
          lines.map((line) => line.lineNo),
          lines.map((line) => line.sku),
          lines.map((line) => line.name),
          lines.map((line) => line.quantity),
          lines.map((line) => String(line.unitPriceAmount)),
        ],
      });
    return Object.assign(new OrderOrmEntity(), row, { version: p.version + 1, lines });
  }
}
