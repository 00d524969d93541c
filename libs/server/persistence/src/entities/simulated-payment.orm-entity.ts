import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from './transformers';

/** The local payment simulator's ledger (an adapter's own state, not the domain's). */
@Entity('simulated_payments')
export class SimulatedPaymentOrmEntity {
  @PrimaryColumn('text', { name: 'idempotency_key' }) idempotencyKey!: string;
  @Column('bigint', { transformer: numericTransformer }) amount!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('text') status!: 'succeeded';
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
