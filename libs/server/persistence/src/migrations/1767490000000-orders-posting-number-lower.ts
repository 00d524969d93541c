import { MigrationInterface, QueryRunner } from 'typeorm';
import { replaceIndexConcurrently } from './1767460000000-orders-status-created-id';

/**
 * One index of the orders exchanged for another (docs/benchmarks.md, 45). Ops' job search looks an order up by its
 * posting number in any case and for any seller (`JobSubjects.of`: `lower(posting_number) = lower($1)`), which no
 * index served: a sequential scan of the orders, about a second at a million. `orders_buyer_name_lower`, from the
 * first schema, served no query since the orders' search moved to its own tables (migration 1767350000000 and on):
 * every order written paid for an entry nothing read. The orders keep as many indexes as before.
 *
 * Built and dropped `CONCURRENTLY`, outside a transaction, as migration 1767460000000 explains: orders are written
 * meanwhile.
 */
export class OrdersPostingNumberLower1767490000000 implements MigrationInterface {
  name = 'OrdersPostingNumberLower1767490000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await replaceIndexConcurrently(q, {
      build: 'orders_posting_number_lower',
      on: 'orders (lower(posting_number))',
      drop: 'orders_buyer_name_lower',
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceIndexConcurrently(q, {
      build: 'orders_buyer_name_lower',
      on: 'orders (lower(buyer_name))',
      drop: 'orders_posting_number_lower',
    });
  }
}
