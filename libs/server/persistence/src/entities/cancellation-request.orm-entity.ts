import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CancellationInitiator, CancellationState } from '@aftersale/contracts';

@Entity('cancellation_requests')
export class CancellationRequestOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('uuid', { name: 'order_id' }) orderId!: string;
  @Column('text', { name: 'posting_number' }) postingNumber!: string;
  @Column('text') state!: CancellationState;
  @Column('text') initiator!: CancellationInitiator;
  @Column('text', { name: 'reason_id' }) reasonId!: string;
  @Column('text', { nullable: true }) comment!: string | null;
  @Column('timestamptz', { name: 'deadline_at', nullable: true }) deadlineAt!: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('text', { name: 'decision_reason_id', nullable: true }) decisionReasonId!: string | null;
  @Column('text', { name: 'decision_comment', nullable: true }) decisionComment!: string | null;
  // written once: a versioned update leaves it (PostgreSQL keeps microseconds, a Date milliseconds)
  @Column({ type: 'timestamptz', name: 'created_at', update: false }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('int') version!: number;
}
