import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per (consumer, event): written in the consumer's transaction, so a redelivered event is a no-op. */
@Entity('inbox')
export class InboxEntryOrmEntity {
  @PrimaryColumn('text') consumer!: string;
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('timestamptz', { name: 'processed_at' }) processedAt!: Date;
}
