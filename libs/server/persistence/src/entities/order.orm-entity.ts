import { Column, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { OrderStatus } from '@aftersale/contracts';
import { numericTransformer } from './transformers';
import { OrderLineOrmEntity } from './order-line.orm-entity';

@Entity('orders')
export class OrderOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('text', { name: 'posting_number' }) postingNumber!: string;
  @Column('text') status!: OrderStatus;
  @Column('text', { name: 'buyer_name' }) buyerName!: string;
  @Column('text', { name: 'buyer_email', nullable: true }) buyerEmail!: string | null;
  @Column('bigint', { name: 'paid_amount', transformer: numericTransformer }) paidAmount!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('bigint', { name: 'refunded_amount', transformer: numericTransformer }) refundedAmount!: number;
  @Column('uuid', { name: 'open_cancellation_id', nullable: true }) openCancellationId!: string | null;
  @Column('boolean', { name: 'cancelled_by_seller' }) cancelledBySeller!: boolean;
  // written once: a versioned update leaves it (PostgreSQL keeps microseconds, a Date milliseconds)
  @Column({ type: 'timestamptz', name: 'created_at', update: false }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('int') version!: number;
  @OneToMany(() => OrderLineOrmEntity, (line) => line.order, { cascade: ['insert'], eager: true })
  lines!: OrderLineOrmEntity[];
}
