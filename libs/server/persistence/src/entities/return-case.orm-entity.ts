import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReturnState, ReturnType } from '@aftersale/contracts';

@Entity('return_cases')
export class ReturnCaseOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('uuid', { name: 'order_id' }) orderId!: string;
  @Column('text', { name: 'posting_number' }) postingNumber!: string;
  @Column('text') type!: ReturnType;
  @Column('text') state!: ReturnState;
  @Column('text', { name: 'tracking_number', nullable: true }) trackingNumber!: string | null;
  @Column('timestamptz', { name: 'next_deadline_at', nullable: true }) nextDeadlineAt!: Date | null;
  /** the aggregate's snapshot, dates as ISO strings */
  @Column('jsonb') snapshot!: Record<string, any>;
  // written once: a versioned update leaves it (PostgreSQL keeps microseconds, a Date milliseconds)
  @Column({ type: 'timestamptz', name: 'created_at', update: false }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('int') version!: number;
}
