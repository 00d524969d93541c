import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ActorRef, CaseType } from '@aftersale/contracts';

@Entity('audit_events')
export class AuditEventOrmEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('text', { name: 'case_type' }) caseType!: CaseType;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('uuid', { name: 'order_id', nullable: true }) orderId!: string | null;
  @Column('text') type!: string;
  @Column('text', { name: 'from_state', nullable: true }) from!: string | null;
  @Column('text', { name: 'to_state', nullable: true }) to!: string | null;
  @Column('jsonb') actor!: ActorRef;
  @Column('timestamptz') at!: Date;
  @Column('jsonb') data!: Record<string, any>;
  /** Insertion order, for a stable timeline within one transaction. */
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
}
