import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Events written in the transaction that caused them; the relay publishes them after commit. */
@Entity('outbox')
export class OutboxEventOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') type!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('text', { name: 'aggregate_type' }) aggregateType!: string;
  @Column('uuid', { name: 'aggregate_id' }) aggregateId!: string;
  @Column('jsonb') payload!: Record<string, any>;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  /** set while a relay publishes the row (a lease, so a relay that stops gives it up) */
  @Column('timestamptz', { name: 'claimed_until', nullable: true }) claimedUntil!: Date | null;
  @Column('timestamptz', { name: 'processed_at', nullable: true }) processedAt!: Date | null;
}
