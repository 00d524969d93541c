import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { numericTransformer } from './transformers';
import { OrderOrmEntity } from './order.orm-entity';

@Entity('order_lines')
export class OrderLineOrmEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId!: string;
  @PrimaryColumn('int', { name: 'line_no' }) lineNo!: number;
  @Column('text') sku!: string;
  @Column('text') name!: string;
  @Column('int') quantity!: number;
  @Column('bigint', { name: 'unit_price_amount', transformer: numericTransformer }) unitPriceAmount!: number;
  @ManyToOne(() => OrderOrmEntity, (order) => order.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Relation<OrderOrmEntity>;
}
