import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActorRef } from '@aftersale/contracts';
import { numericTransformer } from './transformers';

/** An uploaded image or video; the bytes live in the attachment storage under `storageKey` (a uuid). */
@Entity('attachments')
export class AttachmentOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  /** null for an ops upload not yet used on a seller's case */
  @Column('uuid', { name: 'seller_id', nullable: true }) sellerId!: string | null;
  /** sanitized: no path, no control characters, at most 200 characters */
  @Column('text', { name: 'file_name' }) fileName!: string;
  /** sniffed from the bytes, never the client's claim */
  @Column('text', { name: 'content_type' }) contentType!: string;
  @Column('bigint', { transformer: numericTransformer }) size!: number;
  @Column('text', { name: 'storage_key' }) storageKey!: string;
  @Column('jsonb', { name: 'uploaded_by' }) uploadedBy!: ActorRef;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
