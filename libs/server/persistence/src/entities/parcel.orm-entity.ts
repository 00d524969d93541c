import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActorRef, ParcelCondition } from '@aftersale/contracts';

/** A scanned returned parcel; `returnId` null while it waits for the seller to assign it. */
@Entity('parcels')
export class ParcelOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('text') code!: string;
  @Column('text') condition!: ParcelCondition;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('jsonb', { name: 'attachment_ids' }) attachmentIds!: string[];
  @Column('uuid', { name: 'return_id', nullable: true }) returnId!: string | null;
  @Column('jsonb', { name: 'candidate_return_ids' }) candidateReturnIds!: string[];
  @Column('jsonb', { name: 'received_by' }) receivedBy!: ActorRef;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('int') version!: number;
}
