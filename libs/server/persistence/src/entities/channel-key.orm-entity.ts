import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A marketplace/buyer-side API key of one seller; only its SHA-256 is stored. */
@Entity('channel_keys')
export class ChannelKeyOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'key_hash', unique: true }) keyHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}
