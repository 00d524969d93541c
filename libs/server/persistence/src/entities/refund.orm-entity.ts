import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RefundCauseType, RefundState } from '@aftersale/contracts';
import { numericTransformer } from './transformers';

@Entity('refunds')
export class RefundOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('uuid', { name: 'order_id' }) orderId!: string;
  @Column('text', { name: 'cause_type' }) causeType!: RefundCauseType;
  @Column('uuid', { name: 'cause_id' }) causeId!: string;
  @Column('bigint', { transformer: numericTransformer }) amount!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text') state!: RefundState;
  @Column('int') attempts!: number;
  // the running attempt's lease (migration 1767470000000-refund-attempt-lease)
  @Column('timestamptz', { name: 'attempt_ends_by', nullable: true }) attemptEndsBy!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('text', { name: 'idempotency_key', unique: true }) idempotencyKey!: string;
  // written once: a versioned update leaves it (PostgreSQL keeps microseconds, a Date milliseconds)
  @Column({ type: 'timestamptz', name: 'created_at', update: false }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('int') version!: number;
}
