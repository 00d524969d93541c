import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { numericTransformer } from './transformers';

@Entity('seller_settings')
export class SellerSettingsOrmEntity {
  @PrimaryColumn('uuid', { name: 'seller_id' }) sellerId!: string;
  @Column('numeric', { name: 'cancellation_deadline_hours', transformer: numericTransformer })
  cancellationDeadlineHours!: number;
  @Column('numeric', { name: 'return_decision_deadline_hours', transformer: numericTransformer })
  returnDecisionDeadlineHours!: number;
  @Column('text', { name: 'default_return_address', nullable: true }) defaultReturnAddress!: string | null;
  @Column('char', { length: 3 }) currency!: string;
  @Column('int', { name: 'return_ship_by_days' }) returnShipByDays!: number;
  @Column('bigint', { name: 'default_return_shipping_fee', transformer: numericTransformer })
  defaultReturnShippingFee!: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
