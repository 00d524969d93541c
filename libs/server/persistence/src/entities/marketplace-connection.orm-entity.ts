import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActorRef, MarketplaceConnectionStatus } from '@aftersale/contracts';

@Entity('marketplace_connections')
export class MarketplaceConnectionOrmEntity {
  @PrimaryColumn('uuid', { name: 'seller_id' }) sellerId!: string;
  @PrimaryColumn('text') marketplace!: 'ozon';
  @Column('text', { name: 'client_id' }) clientId!: string;
  /** AES-256-GCM (libs/server/ozon credentials-cipher.ts); the Api-Key is never stored in clear */
  @Column('text', { name: 'api_key_ciphertext' }) apiKeyCiphertext!: string;
  @Column('text') status!: MarketplaceConnectionStatus;
  @Column('timestamptz', { name: 'last_sync_at', nullable: true }) lastSyncAt!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'last_error_at', nullable: true }) lastErrorAt!: Date | null;
  @Column('jsonb', { default: {} }) cursors!: Record<string, unknown>;
  @Column('jsonb', { name: 'connected_by' }) connectedBy!: ActorRef;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
