import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageAuthor, MessageCaseType } from '@aftersale/contracts';

/** A message of a case's thread. Insert only: database triggers refuse UPDATE, DELETE and TRUNCATE. */
@Entity('messages')
export class MessageOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  /** insertion order, for a stable thread */
  @Column({ type: 'bigint', insert: false, update: false }) seq!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('text', { name: 'case_type' }) caseType!: MessageCaseType;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('jsonb') author!: MessageAuthor;
  @Column('text') body!: string;
  @Column('jsonb', { name: 'attachment_ids' }) attachmentIds!: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
